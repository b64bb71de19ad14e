/**
 * Who acted. An `Actor` from `@CurrentActor()` fits as is; the worker passes `SYSTEM_ACTOR`.
 */
export interface AuditActor {
  userId: string | null;
  requestId: string | null;
}

/** The platform itself (a job, a provider's event), with no person or request behind it. */
export const SYSTEM_ACTOR: AuditActor = { userId: null, requestId: null };

/** One change to record, written in the same transaction as the change itself. */
export interface AuditEntry {
  actor: AuditActor;
  /** `<context>.<verb>`, at most 64 characters: `collective.create`, `drop.schedule`. */
  action: string;
  /** At most 32 characters: `collective`, `drop`, `user`. */
  targetType: string;
  /** At most 64 characters; usually the target row's uuid. */
  targetId: string;
  collectiveId?: string | null;
  /** The fields that changed, as they were; omit for a creation. */
  before?: Record<string, unknown> | null;
  /** The fields that changed, as they are now; omit for a deletion. */
  after?: Record<string, unknown> | null;
}

/** Filters of the audit listing; every one optional, combined with AND. */
export interface AuditEventsQuery {
  collectiveId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  actorUserId?: string;
  /** `nextCursor` of the previous page. */
  before?: string;
  /** 1–100, default 50. */
  limit?: number;
}
