import {
  commitmentOf,
  committedProof,
  type FairnessProof,
  generateSeed,
  isPagedDraw,
  ORDERING_RULE,
  pagedManifest,
  proofPage,
  PROOF_VERSION,
  type ProofKind,
} from '@limited-run/fairness';
import {
  DropNotFoundError,
  type DropTerms,
  readDropTerms,
  type ReleaseMode,
  VISIBLE_DROP_STATES,
} from '@limited-run/drops';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { PlatformConfig } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { rows } from '../sql';
import { NoFairnessProofError } from '../admission.errors';
import { DropFairness } from './drop-fairness.entity';

/** Which draw a release mode has: a raffle's, or the shuffle of a waiting room's pre-queue. */
export function proofKindOf(mode: ReleaseMode): ProofKind | null {
  switch (mode) {
    case 'raffle':
      return 'raffle';
    case 'first_come':
      return 'queue';
    case 'waitlist_first':
      return null;
  }
}

/**
 * Whether entries can still join the draw: a raffle until its cutoff, a pre-queue until the
 * opening. A commitment is only ever created while this holds, so it always precedes every
 * entry it covers.
 */
export function entriesStillOpen(drop: DropTerms): boolean {
  if (drop.state !== 'scheduled') return false;
  if (drop.releaseMode === 'raffle') return !!drop.entryClosesAt && drop.now < drop.entryClosesAt;
  return drop.releaseMode === 'first_come' && drop.now < drop.startsAt;
}

const gzipAsync = promisify(gzip);

/** A drawn proof ready to send: its gzip-compressed JSON and a strong ETag. */
export interface ProofFile {
  gzip: Buffer;
  etag: string;
}

export interface DrawRecord {
  entryCount: number;
  entryListHash: string;
  entries: string[];
  result: NonNullable<FairnessProof['result']>;
  drawnAt: Date;
}

/**
 * A drop's seed, commitment and drawn order. The seed is made on first need (the first entry,
 * the first pre-queue arrival or the first read of the fairness page, whichever comes first,
 * always before the entries close) rather than when the collective schedules the drop: the
 * drops library stays unaware of raffles, and nobody can have seen a drop's commitment before
 * it exists. Once written the seed never changes (a trigger refuses it) and it is never
 * returned before the draw.
 */
@Injectable()
export class FairnessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: PlatformConfig,
  ) {}

  /** The drop's commitment row, creating it (in the caller's transaction) if absent. */
  async ensureCommitment(
    manager: EntityManager,
    dropId: string,
    kind: ProofKind,
  ): Promise<DropFairness> {
    const seed = generateSeed();
    await rows(
      manager,
      `INSERT INTO drop_fairness (drop_id, kind, seed, commitment) VALUES ($1, $2, $3, $4)
       ON CONFLICT (drop_id) DO NOTHING`,
      [dropId, kind, seed, commitmentOf(seed)],
    );
    const row = await manager.getRepository(DropFairness).findOneByOrFail({ dropId });
    if (row.kind !== kind && !row.drawnAt) {
      // The collective switched the release mode of a scheduled drop: the old draw never
      // happened and covers nothing, so a new commitment of the right kind replaces it.
      await manager.getRepository(DropFairness).delete({ dropId });
      return this.ensureCommitment(manager, dropId, kind);
    }
    return row;
  }

  /** The row, locked against a concurrent draw (`FOR UPDATE`) or against the draw (`FOR SHARE`). */
  async lock(
    manager: EntityManager,
    dropId: string,
    mode: 'update' | 'share',
  ): Promise<DropFairness | null> {
    return manager.getRepository(DropFairness).findOne({
      where: { dropId },
      lock: { mode: mode === 'update' ? 'pessimistic_write' : 'pessimistic_read' },
    });
  }

  /** Stores the drawn order; refused (by the guard and the trigger) if it was already drawn. */
  async recordDraw(manager: EntityManager, dropId: string, draw: DrawRecord): Promise<void> {
    const updated = await rows<{ drop_id: string }>(
      manager,
      `UPDATE drop_fairness
          SET entry_count = $2, entry_list_hash = $3, entries = $4, result = $5, drawn_at = $6
        WHERE drop_id = $1 AND drawn_at IS NULL
       RETURNING drop_id`,
      [
        dropId,
        draw.entryCount,
        draw.entryListHash,
        draw.entries.join('\n'),
        JSON.stringify(draw.result),
        draw.drawnAt,
      ],
    );
    if (updated.length !== 1) throw new Error(`drop ${dropId} was drawn twice`);
    await this.storeProofFile(manager, dropId);
  }

  /**
   * The drawn proof as the file fans download, or null before the draw. Built once (at the
   * draw; for a draw older than the files, on its first download) and then only read.
   */
  async proofFile(dropId: string): Promise<ProofFile | null> {
    const stored = await this.readProofFile(this.dataSource, dropId);
    if (stored) return stored;
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.drawn(manager, dropId))) return null;
      await this.storeProofFile(manager, dropId);
      return this.readProofFile(manager, dropId);
    });
  }

  /**
   * One page of a paged proof as stored at the draw, or null if there is no such page (or the
   * draw was small enough to publish whole).
   */
  async proofPageFile(dropId: string, page: number): Promise<ProofFile | null> {
    if (!(await this.proofFile(dropId))) return null;
    const [row] = await rows<{ body_gzip: Buffer; etag: string }>(
      this.dataSource,
      `SELECT body_gzip, etag FROM fairness_proof_pages WHERE drop_id = $1 AND page = $2`,
      [dropId, page],
    );
    return row ? { gzip: row.body_gzip, etag: row.etag } : null;
  }

  private async readProofFile(
    on: EntityManager | DataSource,
    dropId: string,
  ): Promise<ProofFile | null> {
    const [row] = await rows<{ body_gzip: Buffer; etag: string }>(
      on,
      `SELECT body_gzip, etag FROM fairness_proof_files WHERE drop_id = $1`,
      [dropId],
    );
    return row ? { gzip: row.body_gzip, etag: row.etag } : null;
  }

  /**
   * Writes the proof file in the caller's transaction; a second writer changes nothing. A draw
   * larger than a page is written as a manifest and its pages, each page serialised and
   * compressed on its own, so no download (and no step here) handles the whole draw as one
   * document.
   */
  private async storeProofFile(manager: EntityManager, dropId: string): Promise<void> {
    const proof = await this.drawn(manager, dropId);
    if (!proof) return;
    const size = this.config.get('FAIRNESS_PROOF_PAGE_SIZE');
    if (!isPagedDraw(proof.entries?.length ?? 0, size)) {
      await this.storeFile(manager, 'fairness_proof_files', [dropId], proof);
      return;
    }
    const manifest = pagedManifest(proof, size);
    const stored = await this.storeFile(manager, 'fairness_proof_files', [dropId], manifest);
    if (!stored) return;
    for (let page = 0; page < manifest.pages.count; page++) {
      await this.storeFile(manager, 'fairness_proof_pages', [dropId, page], {
        ...proofPage(proof, page, size),
      });
    }
  }

  /** Inserts one stored JSON file unless it exists; whether this call wrote it. */
  private async storeFile(
    manager: EntityManager,
    table: 'fairness_proof_files' | 'fairness_proof_pages',
    key: [string] | [string, number],
    body: unknown,
  ): Promise<boolean> {
    const json = Buffer.from(JSON.stringify(body));
    const columns = table === 'fairness_proof_files' ? 'drop_id' : 'drop_id, page';
    const keys = key.map((_, i) => `$${i + 1}`).join(', ');
    const n = key.length;
    const inserted = await rows<{ drop_id: string }>(
      manager,
      `INSERT INTO ${table} (${columns}, body_gzip, body_bytes, etag)
       VALUES (${keys}, $${n + 1}, $${n + 2}, $${n + 3})
       ON CONFLICT (${columns}) DO NOTHING RETURNING drop_id`,
      [...key, await gzipAsync(json), json.length, createHash('sha256').update(json).digest('hex')],
    );
    return inserted.length === 1;
  }

  /**
   * When the drop was drawn and the units each variant's draw gave away (null before the
   * draw), without the entry list: what a raffle's odds show.
   */
  async drawnUnits(
    manager: EntityManager,
    dropId: string,
  ): Promise<{ drawnAt: Date | null; units: Record<string, number> | null }> {
    const [row] = await rows<{ drawn_at: Date | null; units: Record<string, number> | null }>(
      manager,
      `SELECT drawn_at, result -> 'units' AS units FROM drop_fairness WHERE drop_id = $1`,
      [dropId],
    );
    return { drawnAt: row?.drawn_at ?? null, units: row?.units ?? null };
  }

  /** Which of these drops have been drawn (for the raffles' sweeps). */
  async drawnAmong(
    on: EntityManager | DataSource,
    dropIds: readonly string[],
  ): Promise<Set<string>> {
    if (dropIds.length === 0) return new Set();
    const drawn = await rows<{ drop_id: string }>(
      on,
      `SELECT drop_id FROM drop_fairness WHERE drop_id = ANY($1::uuid[]) AND drawn_at IS NOT NULL`,
      [[...dropIds]],
    );
    return new Set(drawn.map((row) => row.drop_id));
  }

  /** The stored draw, or null before it. */
  async drawn(manager: EntityManager | DataSource, dropId: string): Promise<FairnessProof | null> {
    const [row] = await rows<{
      kind: ProofKind;
      seed: string;
      commitment: string;
      entry_count: number;
      entry_list_hash: string;
      entries: string;
      result: NonNullable<FairnessProof['result']>;
      drawn_at: Date;
    }>(
      manager,
      `SELECT kind, seed, commitment, entry_count, entry_list_hash, entries, result, drawn_at
         FROM drop_fairness WHERE drop_id = $1 AND drawn_at IS NOT NULL`,
      [dropId],
    );
    if (!row) return null;
    return {
      version: PROOF_VERSION,
      kind: row.kind,
      dropId,
      commitment: row.commitment,
      seed: row.seed,
      entryCount: row.entry_count,
      entryListHash: row.entry_list_hash,
      entries: row.entries === '' ? [] : row.entries.split('\n'),
      orderingRule: ORDERING_RULE,
      result: row.result,
      drawnAt: new Date(row.drawn_at).toISOString(),
    };
  }

  /**
   * `GET /drops/:drop/fairness`: the commitment while entries are open, the full proof once
   * drawn. Reading it before anyone entered creates the commitment, so fans can note it early.
   */
  async proof(dropId: string): Promise<FairnessProof> {
    const drawn = await this.drawn(this.dataSource, dropId);
    if (drawn) return drawn;
    return this.dataSource.transaction(async (manager) => {
      const drop = await readDropTerms(manager, dropId);
      if (!drop || !VISIBLE_DROP_STATES.includes(drop.state)) throw new DropNotFoundError();
      const kind = proofKindOf(drop.releaseMode);
      if (!kind) throw new NoFairnessProofError();
      let row = await manager.getRepository(DropFairness).findOneBy({ dropId });
      if (!row || row.kind !== kind) {
        if (!entriesStillOpen(drop)) throw new NoFairnessProofError();
        row = await this.ensureCommitment(manager, dropId, kind);
      }
      return committedProof(kind, dropId, row.commitment);
    });
  }
}
