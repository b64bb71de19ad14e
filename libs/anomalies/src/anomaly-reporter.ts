import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, EntityManager } from 'typeorm';
import type { AnomalyKind } from './anomaly.entity';

/** What a detector saw; ids and figures only, never personal data. */
export interface AnomalyReport {
  kind: AnomalyKind;
  /** The natural key of the condition, without the kind: `order:<id>`, `drop:<id>`. */
  key: string;
  subjectType: string;
  subjectId: string;
  collectiveId?: string | null;
  dropId?: string | null;
  summary: string;
  details?: Record<string, unknown>;
}

/** The natural key the unique constraint dedupes on; a long one is hashed to fit its column. */
export function anomalyKey(kind: AnomalyKind, key: string): string {
  const full = `${kind}:${key}`;
  if (full.length <= 200) return full;
  return `${kind}:sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/**
 * The one door into the anomaly list, for every library that notices something wrong. It only
 * writes a row (deduplicated by natural key); alerting happens later in the alert pass, after
 * the row has committed, so a report inside a transaction that rolls back alerts nobody.
 */
@Injectable()
export class AnomalyReporter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(AnomalyReporter.name);
  }

  /**
   * Raises the anomaly, or counts one more sighting of it if its key was raised before.
   * Joins `manager`'s transaction when given. Returns true when this call raised it.
   */
  async raise(report: AnomalyReport, manager?: EntityManager): Promise<boolean> {
    const runner = manager ?? this.dataSource.manager;
    const rows = await runner.query<Array<{ raised: boolean }>>(
      `INSERT INTO anomalies
         (kind, key, subject_type, subject_id, collective_id, drop_id, summary, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (key) DO UPDATE
         SET occurrences = anomalies.occurrences + 1, last_seen_at = now()
       RETURNING (xmax = 0) AS raised`,
      [
        report.kind,
        anomalyKey(report.kind, report.key),
        report.subjectType,
        report.subjectId.slice(0, 120),
        report.collectiveId ?? null,
        report.dropId ?? null,
        report.summary.slice(0, 300),
        JSON.stringify(report.details ?? {}),
      ],
    );
    const raised = rows[0]?.raised === true;
    if (raised) {
      this.logger.warn(
        { anomaly: report.kind, subjectType: report.subjectType, subjectId: report.subjectId },
        'anomaly raised',
      );
    }
    return raised;
  }
}
