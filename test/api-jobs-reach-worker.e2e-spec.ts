import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import request from 'supertest';
import { NotificationJob, NOTIFICATIONS_QUEUE } from '@limited-run/notifications';
import { createAccount } from './support/accounts';
import { createCollective, inviteMember } from './support/collectives';
import { eventually, useApiOnTestDatabase } from './support/test-app';

interface NotificationRow {
  status: string;
  attempts: number;
  sent_at: Date | null;
}

describe('a job enqueued by the API is processed by the worker (real Redis, real Bull)', () => {
  const ctx = useApiOnTestDatabase({ worker: true });

  const notificationOf = async (userId: string): Promise<NotificationRow | undefined> =>
    (
      await ctx.db.query<NotificationRow>(
        'SELECT status, attempts, sent_at FROM notifications WHERE recipient_user_id = $1',
        [userId],
      )
    ).rows[0];

  it('delivers the welcome message written by a sign-up, once', async () => {
    const res = await request(ctx.app.getHttpServer())
      .post('/auth/signup')
      .send({ email: 'mo@example.com', password: 'a long password', displayName: 'Mo' })
      .expect(201);
    const sent = await eventually(async () => {
      const row = await notificationOf(res.body.user.id);
      return row?.status === 'sent' ? row : undefined;
    });
    expect(sent.attempts).toBe(1);
    expect(sent.sent_at).toBeInstanceOf(Date);

    // The job ran in this file's Bull namespace, visible from the API's queue handle.
    const queue = ctx.app.get<Queue>(getQueueToken(NOTIFICATIONS_QUEUE));
    const job = await queue.getJob(
      `deliver:${(await ctx.db.query('SELECT id FROM notifications')).rows[0].id}`,
    );
    expect(await job?.getState()).toBe('completed');
    expect(job?.returnvalue).toBe('sent');
  });

  it('re-dispatches an outbox row whose job was lost, and delivering twice sends once', async () => {
    const { rows } = await ctx.db.query<{ id: string }>(
      `INSERT INTO users (email, display_name, password_hash) VALUES ('lost@example.com', 'Lost', 'x') RETURNING id`,
    );
    const userId = rows[0].id;
    // A row committed two minutes ago whose enqueue never happened (a crash between the two).
    await ctx.db.query(
      `INSERT INTO notifications (recipient_user_id, recipient_email, template, payload, created_at)
       VALUES ($1, 'lost@example.com', 'welcome', '{"displayName":"Lost"}', now() - interval '2 minutes')`,
      [userId],
    );
    const queue = ctx.app.get<Queue>(getQueueToken(NOTIFICATIONS_QUEUE));
    const sweep = await queue.add(NotificationJob.Sweep, {});
    expect(await sweep.finished()).toBe(1);
    const sent = await eventually(async () => {
      const row = await notificationOf(userId);
      return row?.status === 'sent' ? row : undefined;
    });
    expect(sent.attempts).toBe(1);

    // A second sweep finds nothing; a replayed delivery job is a no-op.
    expect(await (await queue.add(NotificationJob.Sweep, {})).finished()).toBe(0);
    const [{ id }] = (
      await ctx.db.query<{ id: string }>(
        'SELECT id FROM notifications WHERE recipient_user_id = $1',
        [userId],
      )
    ).rows;
    const replay = await queue.add(NotificationJob.Deliver, { notificationId: id });
    expect(await replay.finished()).toBe('already-done');
    expect((await notificationOf(userId))?.attempts).toBe(1);
  });

  it('mails an invite to an address with no account, then keeps no copy of its token', async () => {
    const admin = await createAccount(ctx.app, ctx.db, { role: 'admin' });
    const owner = await createAccount(ctx.app, ctx.db);
    const collective = await createCollective(ctx.app, admin, owner, 'outbox-label');
    const invite = await inviteMember(ctx.app, owner, collective.slug, 'not-yet@example.com');
    const row = await eventually(async () => {
      const { rows } = await ctx.db.query<{
        status: string;
        recipient_user_id: string | null;
        payload: Record<string, unknown>;
      }>(
        `SELECT status, recipient_user_id, payload FROM notifications
          WHERE template = 'collective-invite' AND recipient_email = 'not-yet@example.com'`,
      );
      return rows[0]?.status === 'sent' ? rows[0] : undefined;
    });
    expect(row.recipient_user_id).toBeNull();
    expect(row.payload).not.toHaveProperty('token');
    expect(JSON.stringify(row.payload)).not.toContain(invite.token);
    expect(row.payload).toMatchObject({ collectiveName: 'outbox-label', role: 'staff' });
  });

  it('reports the worker ready, with its queue', async () => {
    const res = await request(ctx.worker.getHttpServer()).get('/health/ready').expect(200);
    expect(res.body.details.queues.status).toBe('up');
    // The worker serves health only: no API routes.
    await request(ctx.worker.getHttpServer()).post('/auth/signup').send({}).expect(404);
  });
});
