import { canonicalUuid } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import {
  AccountSuspendedError,
  RoleRequiredError,
  SessionRevokedError,
  TicketInvalidError,
  TicketRequiredError,
} from '../identity.errors';
import { AuthStateCache } from './auth-state.cache';
import type { Principal } from './principal';

/**
 * Its own audience and type: a ticket is never an access token (the API's audience and the
 * `access` type are pinned there), and an access token is never a ticket.
 */
const TICKET_AUDIENCE = 'limited-run-admin-ticket';
const TICKET_TYPE = 'admin-ticket';
export const ADMIN_TICKET_TTL_SECONDS = 600;

export interface IssuedTicket {
  ticket: string;
  expiresAt: Date;
}

interface TicketPayload {
  sub?: unknown;
  sid?: unknown;
  typ?: unknown;
  exp?: unknown;
}

/**
 * Short-lived signed tickets for admin pages a browser opens by navigation (the queue
 * dashboard), which cannot carry the SPA's in-memory bearer token. A ticket names the user and
 * the session it was issued from and nothing else: every request re-reads the account and the
 * session through the guard's own cache, so a suspension, a demotion or a logout ends it at once.
 */
@Injectable()
export class AdminTickets {
  constructor(
    private readonly jwt: JwtService,
    private readonly states: AuthStateCache,
  ) {}

  async issue(principal: Principal): Promise<IssuedTicket> {
    const ticket = await this.jwt.signAsync(
      { sub: principal.userId, sid: principal.sessionId, typ: TICKET_TYPE },
      { audience: TICKET_AUDIENCE, expiresIn: ADMIN_TICKET_TTL_SECONDS },
    );
    return { ticket, expiresAt: new Date(Date.now() + ADMIN_TICKET_TTL_SECONDS * 1000) };
  }

  /** The admin a ticket stands for, if it is genuine, unexpired and they are still an admin. */
  async admit(ticket: string | undefined): Promise<Principal> {
    if (!ticket) throw new TicketRequiredError();
    let payload: TicketPayload;
    try {
      payload = await this.jwt.verifyAsync<TicketPayload>(ticket, { audience: TICKET_AUDIENCE });
    } catch {
      throw new TicketInvalidError();
    }
    const { sub, sid, typ, exp } = payload;
    if (typeof sub !== 'string' || typeof sid !== 'string' || typ !== TICKET_TYPE) {
      throw new TicketInvalidError();
    }
    if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new TicketInvalidError();
    const userId = canonicalUuid(sub);
    const sessionId = canonicalUuid(sid);
    if (!userId || !sessionId) throw new TicketInvalidError();

    const state = await this.states.lookup(userId, sessionId);
    if (!state) throw new TicketInvalidError();
    if (state.sessionRevoked) throw new SessionRevokedError();
    if (state.status !== 'active') throw new AccountSuspendedError();
    if (state.role !== 'admin') throw new RoleRequiredError(['admin']);
    return { userId, role: state.role, sessionId };
  }
}
