import type { CounterHistory } from './counter-history';
import type { CounterListener } from './counter-subscriptions';
import type { DropAvailability } from './drop-availability';
import type { AvailabilityView, LiveEvent } from './line-counters';
import { eventFrame, HEARTBEAT_FRAME, RETRY_FRAME, snapshotFrame } from './sse-frames';

/**
 * A client that stops reading would make Node buffer every event for it; past this it is cut
 * off, and its EventSource reconnects and resumes from its Last-Event-ID.
 */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/** Where a stream goes: the hijacked `ServerResponse`, or a fake in unit tests. */
export interface SseOutput {
  write(chunk: string): boolean;
  end(): void;
  readonly writableLength: number;
  readonly writableEnded: boolean;
}

export interface SessionSources {
  history: Pick<CounterHistory, 'since'>;
  availability: Pick<DropAvailability, 'fresh'>;
  warn: (error: unknown, message: string) => void;
}

/**
 * One client's stream of one drop. Events reach it in sequence order with no gaps and no
 * repeats: whatever it missed (before it subscribed, while the subscriber reconnected, or
 * before a resume) is read back from the drop's event stream, or replaced by a fresh snapshot
 * when the stream no longer holds it. Work runs one step at a time on `chain`, so a catch-up
 * and the live events queued behind it cannot interleave.
 */
export class LiveSession implements CounterListener {
  /** The newest event the client has, directly or through a snapshot; -1 before the start. */
  private lastSeq = -1;
  private chain: Promise<void>;
  private begin!: (start: Promise<void>) => void;
  private out?: SseOutput;
  private heartbeat?: NodeJS.Timeout;
  private stopListening?: () => void;
  private closed = false;

  constructor(
    readonly dropId: string,
    private readonly sources: SessionSources,
    private readonly onClose: (session: LiveSession) => void,
  ) {
    // Events that arrive before the first snapshot or replay is written wait here.
    this.chain = new Promise<void>((resolve) => (this.begin = resolve));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Hands over the subscription, which ends with the session. */
  attach(stopListening: () => void): void {
    if (this.closed) stopListening();
    else this.stopListening = stopListening;
  }

  /**
   * Starts writing: a replay after `resumeAfter` if the history still holds it, else a
   * snapshot of `view` (which may be up to the micro-cache's age old) and what followed it.
   */
  start(
    out: SseOutput,
    view: AvailabilityView,
    resumeAfter: number | undefined,
    heartbeatMs: number,
  ): void {
    if (this.closed) return;
    this.out = out;
    out.write(RETRY_FRAME);
    this.begin(this.replayOrSnapshot(view, resumeAfter).catch((error) => this.fail(error)));
    this.heartbeat = setInterval(() => this.write(HEARTBEAT_FRAME), heartbeatMs);
    this.heartbeat.unref();
  }

  onEvent(event: LiveEvent, frame: string): void {
    this.enqueue(() => this.apply(event, frame));
  }

  onReconnect(): void {
    this.enqueue(() => this.catchUp().then(() => undefined));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.stopListening?.();
    this.onClose(this);
    if (this.out && !this.out.writableEnded) this.out.end();
  }

  private enqueue(step: () => Promise<void>): void {
    if (this.closed) return;
    this.chain = this.chain
      .then(() => (this.closed ? undefined : step()))
      .catch((error) => this.fail(error));
  }

  private async replayOrSnapshot(
    view: AvailabilityView,
    resumeAfter: number | undefined,
  ): Promise<void> {
    if (resumeAfter !== undefined) {
      this.lastSeq = resumeAfter;
      if (await this.catchUp(undefined, false)) return;
    }
    this.sendSnapshot(view);
    // A cached view can predate this client's subscription: send what was published since.
    await this.catchUp();
  }

  private async apply(event: LiveEvent, frame: string): Promise<void> {
    if (event.seq === 1 && this.lastSeq > 1) {
      // The drop's numbering started over (Redis lost its keys): only a snapshot is safe.
      await this.resync();
      return;
    }
    if (event.seq <= this.lastSeq) return; // already sent by a replay or covered by a snapshot
    if (event.seq > this.lastSeq + 1) {
      await this.catchUp(event.seq - 1);
      if (event.seq <= this.lastSeq) return;
    }
    this.send(frame, event.seq);
  }

  /**
   * Sends the history after `lastSeq` (up to `until`). Returns false if the history cannot
   * cover it; with `fallback` a fresh snapshot is sent instead.
   */
  private async catchUp(until?: number, fallback = true): Promise<boolean> {
    const missed = await this.sources.history.since(this.dropId, this.lastSeq, until);
    if (missed === null) {
      if (fallback) await this.resync();
      return false;
    }
    for (const event of missed) this.send(eventFrame(event), event.seq);
    return true;
  }

  /** A snapshot straight from Postgres, whose sequence is at least that of any event received. */
  private async resync(): Promise<void> {
    const view = await this.sources.availability.fresh(this.dropId);
    if (!view)
      this.close(); // cancelled meanwhile: nothing public to show any more
    else this.sendSnapshot(view);
  }

  private sendSnapshot(view: AvailabilityView): void {
    if (this.write(snapshotFrame(view))) this.lastSeq = view.seq;
  }

  private send(frame: string, seq: number): void {
    if (this.write(frame)) this.lastSeq = seq;
  }

  private write(chunk: string): boolean {
    if (this.closed || !this.out) return false;
    if (this.out.writableLength > MAX_BUFFERED_BYTES) {
      this.close();
      return false;
    }
    this.out.write(chunk);
    return true;
  }

  /** The client reconnects and resumes from its Last-Event-ID; nothing is lost by closing. */
  private fail(error: unknown): void {
    if (this.closed) return;
    this.sources.warn(error, 'live counters stream closed after an error');
    this.close();
  }
}
