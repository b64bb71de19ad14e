import { AnomalyReporter } from '@limited-run/anomalies';
import { readDropTerms, readLineTotals } from '@limited-run/drops';
import type { DropReconciliation } from '@limited-run/inventory';
import { Metrics } from '@limited-run/platform';
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
    private readonly metrics: Metrics,
  ) {}

  async report(reports: readonly DropReconciliation[]): Promise<void> {
    // The gauge shows the live drops of this run only: ended drops leave it.
    this.metrics.gateDrift.reset();
    for (const report of reports) {
      for (const line of report.lines) {
        this.metrics.gateDrift.set(
          { drop: report.dropId, variant: line.variantId },
          line.gate - line.truth,
        );
      }
    }
    for (const report of reports) {
      const raised = report.lines.filter((l) => l.action === 'raised');
      const lowered = report.lines.filter((l) => l.action === 'lowered');
      if (!report.rebuilt && raised.length === 0 && lowered.length === 0) continue;
      const drop = await readDropTerms(this.dataSource, report.dropId);
      if (!drop) continue;
      const lines = await readLineTotals(this.dataSource, report.dropId);
      const moved = lines.held + lines.sold;
      const base = {
        subjectType: 'drop',
        subjectId: report.dropId,
        collectiveId: drop.collectiveId,
        dropId: report.dropId,
      };
      const name = drop.name.slice(0, 120);
      if ((report.rebuilt && moved > 0) || raised.length > 0) {
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
