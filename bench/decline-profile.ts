// `npx ts-node -r tsconfig-paths/register --transpile-only bench/decline-profile.ts
//    [--target after=dist --target before=/tmp/main/dist] [--rounds 3] [--seconds 8]
//    [--fans 200] [--connections 64] [--profile] [--shared-redis]`
//
// The cost of a DECLINED hold (409 SOLD_OUT), the request an opening is made of, against the
// ceiling in the same run: a bare node:http server answering with one Redis Lua call
// (bench/bare-redis-server.ts). Every target is pinned to core 0 (`taskset`), `wrk` to core 1,
// and a Redis of its own to core 1 beside wrk, as bench:drop does (`--shared-redis`: REDIS_URL's,
// unpinned, which the kernel woke on the API's core; docs/benchmarks.md, eleventh session),
// rounds interleaved, the first short run per target discarded as warm-up. Reports per target
// the median req/s, its ratio to the ceiling's, API CPU µs per request (/proc/<pid>/stat) and
// Redis CPU µs per request (`INFO cpu` deltas; with `--shared-redis` an upper bound, as that
// Redis serves others too). `--profile` adds a CPU profile per API target. Several builds
// (`--target name=dist`) run against one database and one Redis prefix, so before/after share
// the same run.
// Not bench:drop (issue-16's honest benchmark is another branch); see docs/benchmarks.md.
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Environment, runMigrations } from '@limited-run/platform';
import Redis from 'ioredis';
import { Client } from 'pg';
import { delay, freePort } from '../scripts/dev-services';
import type { BareServerConfig } from './bare-redis-server';
import { ApiClient, createAdmin, createScheduledDrop } from './support/api-client';
import { summarizeProfile } from './support/cpu-profile';
import { benchServices, childEnvironment } from './support/environment';
import { provisionFans } from './support/fans';
import { assertLoopback, createDatabase, dropDatabase, maintenanceUrl } from './support/postgres';
import { type Started, startNode, stopAll, TS_NODE, waitHealthy } from './support/processes';
import { processTicks } from './support/proc-cpu';
import { deleteKeysWithPrefix, startOwnRedis } from './support/redis';

const ROOT = join(__dirname, '..');
const say = (line = ''): void => void process.stdout.write(`${line}\n`);
const TICK_US = 1e6 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

const WRK_SCRIPT = `
local tokens = {}
for line in io.lines(os.getenv("TOKENS_FILE")) do tokens[#tokens + 1] = line end
local path, body, n, salt = os.getenv("HOLD_PATH"), os.getenv("HOLD_BODY"), 0, math.random(1, 1e9)
bad = 0
request = function()
  n = n + 1
  return wrk.format("POST", path, {
    ["Authorization"] = "Bearer " .. tokens[(n % #tokens) + 1],
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = "d" .. salt .. "-" .. n,
  }, body)
end
response = function(status) if status ~= 409 then bad = bad + 1 end end
local threads = {}
setup = function(thread) threads[#threads + 1] = thread end
done = function()
  local b = 0
  for _, t in ipairs(threads) do b = b + t:get("bad") end
  io.write("NOT_409 " .. b .. "\\n")
end
`;

interface Target {
  name: string;
  origin: string;
  proc: Started;
}

interface Sample {
  rps: number;
  cpuUsPerRequest: number;
  redisUsPerRequest: number;
  notDeclined: number;
}

function flags(argv: readonly string[]) {
  const get = (name: string, fallback: number) => {
    const at = argv.indexOf(`--${name}`);
    return at === -1 ? fallback : Number(argv[at + 1]);
  };
  const targets: Array<[string, string]> = [];
  argv.forEach((arg, i) => {
    if (arg === '--target') {
      const [name, dir] = argv[i + 1].split('=');
      targets.push([name, resolve(dir)]);
    }
  });
  return {
    targets: targets.length > 0 ? targets : [['after', join(ROOT, 'dist')] as [string, string]],
    rounds: get('rounds', 3),
    seconds: get('seconds', 8),
    fans: get('fans', 200),
    connections: get('connections', 64),
    profile: argv.includes('--profile'),
    sharedRedis: argv.includes('--shared-redis'),
  };
}

async function redisCpuUs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const read = (name: string) => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? 0);
  return (read('used_cpu_sys') + read('used_cpu_user')) * 1e6;
}

function pin(pid: number): void {
  execFileSync('taskset', ['-a', '-cp', '0', String(pid)], { stdio: 'ignore' });
}

function wrk(origin: string, seconds: number, connections: number, env: NodeJS.ProcessEnv) {
  const out = execFileSync(
    'taskset',
    ['-c', '1', 'wrk', '-t1', `-c${connections}`, `-d${seconds}s`, '-s', env.WRK_LUA!, origin],
    { env, timeout: (seconds + 30) * 1000 },
  ).toString();
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const notDeclined = Number(/NOT_409 (\d+)/.exec(out)?.[1] ?? 0);
  return { requests, notDeclined, out };
}

async function measure(
  target: Target,
  redis: Redis,
  seconds: number,
  connections: number,
  env: NodeJS.ProcessEnv,
): Promise<Sample> {
  const cpu0 = processTicks(target.proc.pid);
  const redis0 = await redisCpuUs(redis);
  const started = Date.now();
  const { requests, notDeclined } = wrk(target.origin, seconds, connections, env);
  const elapsed = (Date.now() - started) / 1000;
  const cpuUs = (processTicks(target.proc.pid) - cpu0) * TICK_US;
  const redisUs = (await redisCpuUs(redis)) - redis0;
  return {
    rps: requests / elapsed,
    cpuUsPerRequest: cpuUs / Math.max(1, requests),
    redisUsPerRequest: redisUs / Math.max(1, requests),
    notDeclined,
  };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function main(): Promise<void> {
  const o = flags(process.argv.slice(2));
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const workDir = mkdtempSync(join(tmpdir(), 'lr-decline-profile-'));
  const services = benchServices();
  const adminUrl = maintenanceUrl(services.databaseUrl);
  const redisUrl = o.sharedRedis
    ? (services.redisUrl ?? 'redis://127.0.0.1:6379')
    : await startOwnRedis(workDir, '1');
  assertLoopback(adminUrl);
  assertLoopback(redisUrl);
  const database = `lr_bench_decline_${runId}`;
  const prefix = `lrbench:${runId}`;
  const jwtSecret = randomBytes(32).toString('hex');
  const databaseUrl = await createDatabase(adminUrl, database);
  const redis = new Redis(redisUrl);
  say(
    `decline-profile · run ${runId} · logs in ${workDir} · load ${readFileSync('/proc/loadavg', 'utf8').trim()}`,
  );
  try {
    await runMigrations(databaseUrl);
    const rateLimits = Object.keys(new Environment()).filter((k) => k.startsWith('RATE_LIMIT_'));
    const appEnv = childEnvironment({
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: prefix,
      JWT_SECRET: jwtSecret,
      LOG_LEVEL: 'warn',
      API_HOST: '127.0.0.1',
      WORKER_HOST: '127.0.0.1',
      TRUST_PROXY: 'false',
      CORS_ORIGINS: '',
      // Validated in production; the mail it would send (the admin's sign-up) is not waited for.
      SMTP_URL: 'smtp://127.0.0.1:2525',
      // The limiter runs (its Redis work is in the figures) but never refuses.
      ...Object.fromEntries(rateLimits.map((name) => [name, '999999/1'])),
    });
    const targets: Target[] = [];
    const startApi = async (name: string, dist: string, profile: boolean): Promise<Target> => {
      const port = await freePort();
      const proc = startNode({
        name,
        args: [
          ...(profile
            ? [
                '--cpu-prof',
                `--cpu-prof-dir=${join(workDir, 'profiles')}`,
                `--cpu-prof-name=${name}.cpuprofile`,
              ]
            : []),
          join(dist, 'apps/api/src/main.js'),
        ],
        env: { ...appEnv, API_PORT: String(port) },
        cwd: ROOT,
        logFile: join(workDir, `${name}.log`),
      });
      const origin = `http://127.0.0.1:${port}`;
      await waitHealthy(proc, `${origin}/health/live`, 180_000);
      pin(proc.pid);
      return { name, origin, proc };
    };
    for (const [name, dist] of o.targets) targets.push(await startApi(name, dist, false));

    // A live drop of one unit, sold to one fan: every other request is a SOLD_OUT decline.
    const api = new ApiClient(targets[0].origin);
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const admin = await createAdmin(api, db);
    const fans = await provisionFans(db, o.fans + 1, jwtSecret, runId);
    const drop = await createScheduledDrop(api.as(admin.token), admin.email, {
      units: 1,
      variants: 1,
      perCustomerLimit: 2,
      opensInSeconds: 3,
    });
    // Opened by hand rather than by a worker (one process less on the two cores); the gate's
    // counters are built from Postgres on the first hold, as after any Redis loss.
    await delay(3000);
    await db.query(`UPDATE drops SET state = 'live' WHERE id = $1`, [drop.id]);
    await db.end();
    await delay(1100); // the API's one-second terms memo
    const won = await fetch(`${targets[0].origin}/drops/${drop.id}/holds`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${fans[0].token}`,
        'content-type': 'application/json',
        'idempotency-key': 'winner',
      },
      body: JSON.stringify({ variantId: drop.variantIds[0], quantity: 1 }),
    });
    if (won.status !== 201) throw new Error(`the one unit was not sold: ${await won.text()}`);

    const barePort = await freePort();
    const bareConfig: BareServerConfig = {
      port: barePort,
      redisUrl,
      keyPrefix: `${prefix}:bare:`,
      dropId: drop.id,
      available: { [drop.variantIds[0]]: 0 },
      perCustomerLimit: 2,
      seed: true,
    };
    writeFileSync(join(workDir, 'bare.json'), JSON.stringify(bareConfig));
    const bare = startNode({
      name: 'ceiling',
      args: [...TS_NODE, join(__dirname, 'bare-redis-server.ts'), join(workDir, 'bare.json')],
      env: childEnvironment({}),
      cwd: ROOT,
      logFile: join(workDir, 'bare.log'),
    });
    for (let i = 0; i < 120 && !bare.tail.includes('ready'); i++) await delay(250);
    pin(bare.pid);
    const all: Target[] = [
      { name: 'ceiling', origin: `http://127.0.0.1:${barePort}`, proc: bare },
      ...targets,
    ];

    writeFileSync(
      join(workDir, 'tokens.txt'),
      fans
        .slice(1)
        .map((fan) => fan.token)
        .join('\n'),
    );
    writeFileSync(join(workDir, 'decline.lua'), WRK_SCRIPT);
    const wrkEnv = childEnvironment({
      TOKENS_FILE: join(workDir, 'tokens.txt'),
      WRK_LUA: join(workDir, 'decline.lua'),
      HOLD_PATH: `/drops/${drop.id}/holds`,
      HOLD_BODY: JSON.stringify({ variantId: drop.variantIds[0], quantity: 1 }),
    });

    // Every fan's session in the auth cache (fans waiting on the drop page have warm entries;
    // both builds read the same keys), then a warm-up per target (discarded) for the JIT.
    for (const fan of fans.slice(1)) {
      await new ApiClient(targets[0].origin, fan.token).call('GET', '/me', 200);
    }
    for (const target of all) await measure(target, redis, 4, o.connections, wrkEnv);
    const samples = new Map<string, Sample[]>(all.map((t) => [t.name, []]));
    for (let round = 1; round <= o.rounds; round++) {
      for (const target of all) {
        const sample = await measure(target, redis, o.seconds, o.connections, wrkEnv);
        samples.get(target.name)!.push(sample);
        say(
          `  round ${round} ${target.name.padEnd(8)} ${sample.rps.toFixed(0).padStart(6)} req/s · ` +
            `${sample.cpuUsPerRequest.toFixed(0)} µs CPU/req · Redis ${sample.redisUsPerRequest.toFixed(1)} µs/req` +
            (sample.notDeclined ? ` · ${sample.notDeclined} not 409!` : ''),
        );
      }
    }
    const ceilingRps = median(samples.get('ceiling')!.map((s) => s.rps));
    say('\n| target | req/s (median) | × ceiling | API CPU µs/req | Redis CPU µs/req |');
    say('|---|---:|---:|---:|---:|');
    for (const target of all) {
      const s = samples.get(target.name)!;
      const rps = median(s.map((x) => x.rps));
      say(
        `| ${target.name} | ${rps.toFixed(0)} | ${(rps / ceilingRps).toFixed(2)} | ` +
          `${median(s.map((x) => x.cpuUsPerRequest)).toFixed(0)} | ${median(s.map((x) => x.redisUsPerRequest)).toFixed(1)} |`,
      );
    }

    if (o.profile) {
      for (const target of targets) {
        await target.proc.stop();
        const profiled = await startApi(
          target.name,
          o.targets.find(([n]) => n === target.name)![1],
          true,
        );
        await measure(profiled, redis, 4, o.connections, wrkEnv);
        await measure(profiled, redis, o.seconds, o.connections, wrkEnv);
        await profiled.proc.stop();
      }
      for (const file of readdirSync(join(workDir, 'profiles'))) {
        const summary = summarizeProfile(join(workDir, 'profiles', file), undefined, 12);
        say(`\nprofile ${file}: busy ${summary.busyMs.toFixed(0)} ms`);
        for (const p of summary.topPackages)
          say(`  ${p.percent.toFixed(1).padStart(5)} %  ${p.name}`);
        for (const f of summary.topFunctions)
          say(`  ${f.percent.toFixed(1).padStart(5)} %  ${f.name}`);
      }
    }
  } finally {
    redis.disconnect();
    // The bench's own Redis goes with the other processes, its keys with it.
    await stopAll();
    if (o.sharedRedis) await deleteKeysWithPrefix(redisUrl, `${prefix}:`).catch(() => undefined);
    await dropDatabase(adminUrl, database).catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
