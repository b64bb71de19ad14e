// A collective's shipping, set up through the API as a collective sets it up: a profile with
// zones and rates, chosen for a drop.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import type { TestAccount } from './accounts';

/** Europe: Standard 5.00 + 1.00 per unit (free from 100.00), Express 15.00; the US: 20.00. */
export const EUROPE_AND_US = {
  name: 'Records from Lisbon',
  currency: 'EUR',
  zones: [
    {
      name: 'Europe',
      countries: ['DE', 'FR', 'PT'],
      rates: [
        { name: 'Standard', flatMinor: 500, perUnitMinor: 100, freeAboveMinor: 10_000 },
        { name: 'Express', flatMinor: 1500, perUnitMinor: 0 },
      ],
    },
    {
      name: 'United States',
      countries: ['US'],
      rates: [{ name: 'International', flatMinor: 2000, perUnitMinor: 0 }],
    },
  ],
};

/** Creates the profile and makes the drop ship with it; returns the profile's id. */
export async function shipDropWith(
  api: NestFastifyApplication,
  owner: TestAccount,
  collective: string,
  dropId: string,
  profile: object = EUROPE_AND_US,
): Promise<string> {
  const created = await request(api.getHttpServer())
    .post(`/collectives/${collective}/shipping-profiles`)
    .set('authorization', owner.bearer)
    .send(profile);
  if (created.status !== 201) {
    throw new Error(`profile: ${created.status} ${JSON.stringify(created.body)}`);
  }
  const profileId = (created.body as { id: string }).id;
  const set = await request(api.getHttpServer())
    .put(`/collectives/${collective}/drops/${dropId}/shipping`)
    .set('authorization', owner.bearer)
    .send({ profileId });
  if (set.status !== 200)
    throw new Error(`drop shipping: ${set.status} ${JSON.stringify(set.body)}`);
  return profileId;
}

/** A fan's address in `country`, choosing the session's option `option` (0: the first). */
export const addressIn = (country: string, option: number | string = 0) => ({
  name: `Fan in ${country}`,
  line1: '12 Rua do Norte',
  city: 'Lisboa',
  postalCode: '1200-284',
  country,
  option,
});
