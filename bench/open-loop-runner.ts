// Open-loop load for bench:drop: requests leave at a fixed arrival rate whatever the server does
// (wrk is closed loop: a slow answer delays the next request, which hides queueing). Latency is
// measured from each request's SCHEDULED send time, so a stall shows in full (no coordinated
// omission). Debian 12 packages neither wrk2, oha nor vegeta, hence this small generator.
// `node -r ts-node/register/transpile-only bench/open-loop-runner.ts <job.json>`; run pinned.
//
// Its own lag is part of every latency it reports, so it is kept small and measured:
// - raw keep-alive sockets, all connected before the schedule starts, each request one string
//   write, answers parsed by their status line and Content-Length (node:http's client cost
//   ~4× more per request, and its lag showed as 57–163 ms of "latency" at 2.6–4.2k req/s);
// - a warm-up at the same rate (JIT, the server's and ours) whose answers are not counted;
// - the lag of every send behind its schedule, reported as p99 and worst, so a run whose
//   generator fell behind can be told from a slow server (bench:drop flags it).
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { dueNow, percentile, scheduledAt } from './support/rounds';

export interface OpenLoopJob {
  origin: string;
  path: string;
  tokensFile: string;
  variantIds: string[];
  ratePerSecond: number;
  durationSeconds: number;
  /** Seconds at the same rate before the measured schedule; answers not counted. */
  warmupSeconds: number;
  /** Sockets to the server; requests beyond them queue in the client, their wait counted. */
  connections: number;
  /** A request unanswered this long after its scheduled time counts as a timeout. */
  timeoutMs: number;
  resultFile: string;
  /** If set, one `scheduled epoch ms,latency ms` line per measured answer (to find stalls in time). */
  traceFile?: string;
}

export interface OpenLoopResult {
  scheduled: number;
  answered: number;
  /** Warm-up requests answered (not in the percentiles; their server CPU is in the window). */
  warmupAnswered: number;
  timeouts: number;
  errors: number;
  seconds: number;
  achievedRps: number;
  /** How far sending fell behind the schedule (ms): the generator's own lag, in every latency. */
  worstSendLagMs: number;
  sendLagP99Ms: number;
  /** The same during the warm-up, whose sends are not measured but whose backlog carries over. */
  warmupWorstSendLagMs: number;
  statuses: Record<string, number>;
  /** When the warm-up's schedule began and the last answer came (epoch ms), to match other logs. */
  fromEpochMs: number;
  toEpochMs: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /**
   * The median latency of the answers scheduled in the window's last second: a server short of
   * capacity has a queue that grew all window long; one that only stalled has caught up.
   */
  lastSecondP50: number;
}

interface Pending {
  due: number;
  measured: boolean;
}

/**
 * First in, first out in O(1). `Array.prototype.shift` moves every element once an array is
 * large enough to live in V8's large-object space (measured on Node 24: 4 µs a shift at 50,000
 * waiting, 18 µs at 200,000), which would make a backlogged generator slower exactly when the
 * server is behind.
 */
class Fifo<T> {
  private items: Array<T | undefined> = [];
  private head = 0;

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head === this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 65_536 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

/** One keep-alive connection, one request at a time; answers parsed just enough to count. */
class Connection {
  private buffered = '';
  current?: Pending;

  constructor(
    readonly socket: Socket,
    private readonly answered: (connection: Connection, pending: Pending, status: string) => void,
  ) {
    socket.setNoDelay(true);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.read(chunk));
  }

  private read(chunk: string): void {
    this.buffered += chunk;
    for (;;) {
      const headEnd = this.buffered.indexOf('\r\n\r\n');
      if (headEnd === -1) return;
      const head = this.buffered.slice(0, headEnd);
      const length = /\r\ncontent-length: *(\d+)/i.exec(head);
      if (!length) throw new Error(`an answer without Content-Length: ${head.slice(0, 200)}`);
      const end = headEnd + 4 + Number(length[1]);
      if (this.buffered.length < end) return;
      this.buffered = this.buffered.slice(end);
      const pending = this.current;
      this.current = undefined;
      if (pending) this.answered(this, pending, head.slice(9, 12));
    }
  }
}

const open = (host: string, port: number): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => resolve(socket));
    socket.once('error', reject);
  });

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2], 'utf8')) as OpenLoopJob;
  const tokens = readFileSync(job.tokensFile, 'utf8').split('\n').filter(Boolean);
  const url = new URL(job.origin);
  const tag = randomBytes(4).toString('hex');
  const warmup = Math.round(job.ratePerSecond * job.warmupSeconds);
  const total = warmup + Math.round(job.ratePerSecond * job.durationSeconds);
  const latencies: number[] = [];
  const dues: number[] = [];
  const sendLags: number[] = [];
  const warmupSendLags: number[] = [];
  const statuses: Record<string, number> = {};
  let sent = 0;
  let settled = 0;
  let warmupAnswered = 0;
  let errors = 0;

  const idle: Connection[] = [];
  const waiting = new Fifo<{ index: number; pending: Pending }>();
  const prefixes = tokens.map(
    (token) =>
      `POST ${job.path} HTTP/1.1\r\nHost: ${url.host}\r\ncontent-type: application/json\r\n` +
      `authorization: Bearer ${token}\r\nidempotency-key: ol-${tag}-`,
  );
  const bodies = job.variantIds.map((variantId) => JSON.stringify({ variantId, quantity: 1 }));
  const write = (connection: Connection, index: number, pending: Pending): void => {
    connection.current = pending;
    const body = bodies[index % bodies.length];
    connection.socket.write(
      `${prefixes[index % prefixes.length]}${index}\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
    );
  };
  const answered = (connection: Connection, pending: Pending, status: string): void => {
    settled++;
    if (pending.measured) {
      latencies.push(performance.now() - pending.due);
      dues.push(pending.due);
      statuses[status] = (statuses[status] ?? 0) + 1;
    } else warmupAnswered++;
    const next = waiting.shift();
    if (next) write(connection, next.index, next.pending);
    else idle.push(connection);
  };
  const sockets = await Promise.all(
    Array.from({ length: job.connections }, () => open(url.hostname, Number(url.port))),
  );
  for (const socket of sockets) {
    const connection = new Connection(socket, answered);
    const lost = (): void => {
      if (connection.current) {
        errors++;
        settled++;
      }
      connection.current = undefined;
      const at = idle.indexOf(connection);
      if (at !== -1) idle.splice(at, 1);
    };
    socket.on('error', lost);
    socket.on('close', lost);
    idle.push(connection);
  }

  const start = performance.now() + 50;
  const send = (index: number): void => {
    const due = scheduledAt(start, job.ratePerSecond, index);
    const pending = { due, measured: index >= warmup };
    (pending.measured ? sendLags : warmupSendLags).push(performance.now() - due);
    // Oldest idle first: every socket keeps being used (none idles into a keep-alive timeout).
    const connection = idle.shift();
    if (connection) write(connection, index, pending);
    else waiting.push({ index, pending });
  };
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const n = dueNow(start, performance.now(), job.ratePerSecond, sent, total);
      for (let i = 0; i < n; i++) send(sent++);
      // 1 ms timers rather than a spin: Redis and Postgres are not pinned and may share this core.
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    setTimeout(tick, 50);
  });
  const deadline = performance.now() + job.timeoutMs;
  while (settled < total && performance.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  const seconds = (performance.now() - scheduledAt(start, job.ratePerSecond, warmup)) / 1000;
  const lastSecond = scheduledAt(start, job.ratePerSecond, total) - 1000;
  const result: OpenLoopResult = {
    scheduled: total - warmup,
    answered: latencies.length,
    warmupAnswered,
    timeouts: total - settled,
    errors,
    seconds,
    achievedRps: latencies.length / seconds,
    worstSendLagMs: percentile(sendLags, 100),
    sendLagP99Ms: percentile(sendLags, 99),
    warmupWorstSendLagMs: percentile(warmupSendLags, 100),
    statuses,
    fromEpochMs: performance.timeOrigin + start,
    toEpochMs: performance.timeOrigin + performance.now(),
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
    lastSecondP50: percentile(
      latencies.filter((_, i) => dues[i] >= lastSecond),
      50,
    ),
  };
  writeFileSync(job.resultFile, JSON.stringify(result));
  if (job.traceFile) {
    // Wall-clock milliseconds, to line answers up with other processes' logs.
    writeFileSync(
      job.traceFile,
      dues
        .map((due, i) => `${(performance.timeOrigin + due).toFixed(1)},${latencies[i].toFixed(1)}`)
        .join('\n'),
    );
  }
  for (const socket of sockets) socket.destroy();
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
