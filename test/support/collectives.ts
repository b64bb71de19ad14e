// Collectives for end-to-end tests, made through the API the way admins and owners make them.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import type { TestAccount } from './accounts';

export interface TestCollective {
  id: string;
  slug: string;
  name: string;
}

/** An admin creates the collective with `owner` as its first owner. */
export async function createCollective(
  app: NestFastifyApplication,
  admin: TestAccount,
  owner: TestAccount,
  slug: string,
  name = slug,
): Promise<TestCollective> {
  const res = await request(app.getHttpServer())
    .post('/admin/collectives')
    .set('authorization', admin.bearer)
    .send({ name, slug, ownerEmail: owner.email });
  if (res.status !== 201) {
    throw new Error(`creating collective failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body as TestCollective;
}

/** An owner invites `member` with `role`; the invite is returned with its token, not yet accepted. */
export async function inviteMember(
  app: NestFastifyApplication,
  owner: TestAccount,
  slug: string,
  email: string,
  role: 'owner' | 'staff' = 'staff',
): Promise<{ id: string; email: string; role: string; expiresAt: string; token: string }> {
  const res = await request(app.getHttpServer())
    .post(`/collectives/${slug}/invites`)
    .set('authorization', owner.bearer)
    .send({ email, role });
  if (res.status !== 201) {
    throw new Error(`inviting failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body as { id: string; email: string; role: string; expiresAt: string; token: string };
}

/** Makes `member` a member of the collective: the owner invites, the member accepts. */
export async function addMember(
  app: NestFastifyApplication,
  owner: TestAccount,
  slug: string,
  member: TestAccount,
  role: 'owner' | 'staff' = 'staff',
): Promise<void> {
  const invite = await inviteMember(app, owner, slug, member.email, role);
  const res = await request(app.getHttpServer())
    .post('/invites/accept')
    .set('authorization', member.bearer)
    .send({ token: invite.token });
  if (res.status !== 201) {
    throw new Error(`accepting invite failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
}
