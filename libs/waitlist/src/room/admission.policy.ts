import { Injectable } from '@nestjs/common';
import { AdmissionRequiredError } from '../waitlist.errors';
import { AdmissionTokens } from './admission-tokens';
import { WaitingRoom } from './waiting-room';

/**
 * The hold path's check of the waiting room. A `first_come` drop's room is active from its
 * first arrival until the drop ends; while it is, a hold needs the short-lived access token the
 * room gave the fan when they were let in. A drop nobody queued for has no room and needs none.
 */
@Injectable()
export class AdmissionPolicy {
  constructor(
    private readonly room: WaitingRoom,
    private readonly tokens: AdmissionTokens,
  ) {}

  /**
   * Resolves if this fan may hold on this drop as far as the room is concerned; otherwise 403
   * ADMISSION_REQUIRED saying why. One Redis read, then an HMAC check (no Postgres).
   */
  async requireAdmission(dropId: string, userId: string, token: string | undefined): Promise<void> {
    const phase = await this.room.phase(dropId);
    if (phase === null || phase === 'closed') return;
    if (!token) throw new AdmissionRequiredError('no access token was sent');
    const problem = this.tokens.problem(token, dropId, userId);
    if (problem) throw new AdmissionRequiredError(problem);
  }
}
