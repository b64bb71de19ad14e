import { AnomalyReporter } from '@limited-run/anomalies';
import type { DropReconciliation } from '@limited-run/inventory';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Turns what reconciliation found into anomalies, once per drop and direction (later runs only
 * count sightings). A shortfall is a gate that admits fewer units than exist: a lost give-back
 * that persisted a run (`raised`), or a gate lost altogether on a drop that had sold or held
 * (a cold gate before the first hold is normal and not an anomaly). An excess is a gate that
 * admitted more than exist (`lowered`): harmless for stock, Postgres refuses, but a bug sign.
 */
@Injectable()
export class DriftAnomalies {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reporter: AnomalyReporter,
  ) {}

  async report(reports: readonly DropReconciliation[]): Promise<void> {
    for (const report of reports) {
      const raised = report.lines.filter((l) => l.action === 'raised');
      const lowered = report.lines.filter((l) => l.action === 'lowered');
      if (!report.rebuilt && raised.length === 0 && lowered.length === 0) continue;
      const [drop] = await this.dataSource.query<
        Array<{ collective_id: string; name: string; moved: number }>
      >(
        `SELECT d.collective_id, d.name,
                (SELECT coalesce(sum(l.held + l.sold), 0)::int FROM drop_lines l WHERE l.drop_id = d.id) AS moved
           FROM drops d WHERE d.id = $1`,
        [report.dropId],
      );
      if (!drop) continue;
      const base = {
        subjectType: 'drop',
        subjectId: report.dropId,
        collectiveId: drop.collective_id,
        dropId: report.dropId,
      };
      const name = drop.name.slice(0, 120);
      if ((report.rebuilt && drop.moved > 0) || raised.length > 0) {
        await this.reporter.raise({
          ...base,
          kind: 'reconciliation_shortfall',
          key: `drop:${report.dropId}`,
          summary: report.rebuilt
            ? `The admission gate of drop "${name}" was lost in Redis and rebuilt from Postgres`
            : `The admission gate of drop "${name}" admitted fewer units than exist; raised to the truth`,
          details: { rebuilt: report.rebuilt, lines: raised },
        });
      }
      if (lowered.length > 0) {
        await this.reporter.raise({
          ...base,
          kind: 'reconciliation_excess',
          key: `drop:${report.dropId}`,
          summary: `The admission gate of drop "${name}" would admit more units than exist; trimmed`,
          details: { lines: lowered },
        });
      }
    }
  }
}
