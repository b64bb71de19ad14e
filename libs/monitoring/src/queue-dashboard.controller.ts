import { AdminTickets, CurrentPrincipal, type Principal, Roles } from '@limited-run/identity';
import { ErrorBody, QUEUE_DASHBOARD_PREFIX } from '@limited-run/platform';
import { Controller, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { QUEUE_DASHBOARD_COOKIE } from './queue-dashboard';

/**
 * Lets an admin's browser open the queue dashboard, which a page opens by navigation and so
 * cannot send the in-memory bearer token: this route (bearer, admin) trades it for a ticket
 * cookie that only the dashboard's paths receive.
 */
@ApiTags('admin monitor')
@Controller('admin/queues')
@Roles('admin')
export class QueueDashboardController {
  constructor(private readonly tickets: AdminTickets) {}

  @Post('session')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Open the queue dashboard (/admin/queues) in this browser for ten minutes.',
    description:
      'Sets the HttpOnly, Secure, SameSite=Strict `lr_queue_dashboard` cookie, scoped to ' +
      '/admin/queues: a signed ticket naming this admin and session. The dashboard re-checks ' +
      'the account and session on every request, so suspension, demotion or logout end it.',
  })
  @ApiNoContentResponse({ description: 'The ticket cookie is set.' })
  @ApiUnauthorizedResponse({ type: ErrorBody, description: 'No valid access token.' })
  @ApiForbiddenResponse({ type: ErrorBody, description: 'ROLE_REQUIRED: admins only.' })
  async open(
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const { ticket, expiresAt } = await this.tickets.issue(principal);
    void reply.setCookie(QUEUE_DASHBOARD_COOKIE, ticket, {
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
      path: QUEUE_DASHBOARD_PREFIX,
      expires: expiresAt,
    });
  }
}
