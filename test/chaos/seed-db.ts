// The harness's own connections to the seed's database. A chaos fault terminates them too
// (pg_terminate_backend takes every backend of the database), so each query is retried on a
// fresh connection a bounded number of times.
import { Pool, type QueryResultRow } from 'pg';

export class SeedDb {
  private readonly pool: Pool;

  constructor(readonly url: string) {
    this.pool = new Pool({ connectionString: url, max: 2, application_name: 'lr-chaos-harness' });
    this.pool.on('error', () => undefined);
  }

  async query<R extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.pool.query<R>(sql, params)).rows;
      } catch (error) {
        const code = (error as { code?: string }).code;
        const lost =
          code === '57P01' ||
          code === '08006' ||
          code === '08003' ||
          /terminat|Connection|ECONNRESET|not queryable/i.test(String(error));
        if (!lost || attempt >= 6) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  }

  async end(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}
