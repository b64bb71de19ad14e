// Records the drops' line counters every few hundred milliseconds while the faults fly, so the
// checker can say "held + sold ≤ allocated at every recorded moment", not only at the end.
import type { SeedDb } from './seed-db';

export interface LineSample {
  at: number;
  dropId: string;
  variantId: string;
  allocated: number;
  held: number;
  sold: number;
}

export class LineSampler {
  readonly samples: LineSample[] = [];
  failedReads = 0;
  private timer: NodeJS.Timeout | undefined;
  private reading = false;

  constructor(
    private readonly db: SeedDb,
    private readonly dropIds: string[],
    private readonly everyMs = 200,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.read(), this.everyMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.read();
  }

  private async read(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      const rows = await this.db.query<Omit<LineSample, 'at'>>(
        `SELECT drop_id AS "dropId", variant_id AS "variantId",
                quantity_allocated AS allocated, held, sold
           FROM drop_lines WHERE drop_id = ANY($1)`,
        [this.dropIds],
      );
      const at = Date.now();
      for (const row of rows) this.samples.push({ at, ...row });
    } catch {
      this.failedReads++;
    } finally {
      this.reading = false;
    }
  }
}
