// Preloaded into the platform's processes by `bench:drop-e2e --count-statements`
// (NODE_OPTIONS=-r): counts the SQL statements this process sends through `pg`, by text. On
// SIGWINCH (ignored when unhandled; Nest's shutdown hooks take SIGUSR2) it writes the counts
// so far to $LR_BENCH_STATEMENTS_DIR/<pid>.json, so the benchmark can take them before and
// after the drop and keep the difference. A count, unlike a time, does not move with the
// machine's noise; pg_stat_statements would give it server-side, but only after a Postgres
// restart with the module preloaded (bench/support/pg-stats.ts).
'use strict';
const { renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.LR_BENCH_STATEMENTS_DIR;
if (dir) {
  const pg = require(require.resolve('pg', { paths: [process.cwd()] }));
  const counts = new Map();
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function countedQuery(config, ...rest) {
    const text = typeof config === 'string' ? config : config && config.text;
    if (typeof text === 'string') {
      const key = text.replace(/\s+/g, ' ').trim().slice(0, 120);
      counts.set(key, (counts.get(key) || 0) + 1);
    }
    return query.call(this, config, ...rest);
  };
  process.on('SIGWINCH', () => {
    const file = join(dir, `${process.pid}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(Object.fromEntries(counts)));
    renameSync(`${file}.tmp`, file);
  });
}
