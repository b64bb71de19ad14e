import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'limited-run:public-route';

/**
 * Opens a route (or a controller) to callers without an access token. Every other route needs
 * one, so a route someone forgets to annotate fails closed. Lives in the platform library so
 * that platform routes (health) can be opened too; identity's guard reads it.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);
