import type { IdCondition } from '@limited-run/platform';
import type { AnomalyKind } from './anomaly.entity';

/** Subject types are written into the condition's SQL: letters and underscores only. */
const SUBJECT_TYPE = /^[a-z_]+$/;

/**
 * "No anomaly of `kind` about this `subjectType` was ever raised", for a detector's owner reader
 * to add to its WHERE: the skip and the reader's LIMIT run in one statement, so a pass reads at
 * most the new cases however many were raised before (failed mail, for one, stays failed). The
 * key is the one `AnomalyReporter.raise` writes for `{ kind, key: '<subjectType>:<id>' }`; ids
 * are uuids, far too short for `anomalyKey` to hash them.
 */
export function notRaisedYet(kind: AnomalyKind, subjectType: string): IdCondition {
  if (!SUBJECT_TYPE.test(subjectType)) {
    throw new Error(`not a subject type to write into SQL: ${subjectType}`);
  }
  return (idColumn) =>
    `NOT EXISTS (SELECT 1 FROM anomalies a WHERE a.key = '${kind}:${subjectType}:' || ${idColumn})`;
}
