import { Injectable } from '@nestjs/common';
import { AdmissionRequiredError } from '../admission.errors';
import { AdmissionTokens } from './admission-tokens';
import { roomKeys } from './room-keys';
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

  /**
   * The same check split for a caller that reads the room's phase inside its own script (the
   * hold route's one round trip): what is wrong with the fan's token, null if it would let
   * them in. The phase is the field `phase` of `phaseKey(dropId)` (in the drop's hash slot
   * `{drop:<id>}`, as the gate's keys); an active room (phase set and not `closed`) with a
   * problem is `refusal(problem)`.
   */
  roomCheck(dropId: string, userId: string, token: string | undefined): string | null {
    return token ? this.tokens.problem(token, dropId, userId) : 'no access token was sent';
  }

  /** The room's hash, whose field `phase` says whether the room is active. */
  phaseKey(dropId: string): string {
    return roomKeys(dropId).meta;
  }

  refusal(problem: string): AdmissionRequiredError {
    return new AdmissionRequiredError(problem);
  }
}
