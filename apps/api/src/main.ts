import './v8-flags';
import 'reflect-metadata';
import { FirstAdminSetupService } from '@limited-run/identity';
import { createHttpApp, PlatformConfig, reportBootFailure } from '@limited-run/platform';
import { API_HTTP_OPTIONS } from './api-http-options';
import { ApiModule } from './api.module';

async function bootstrap(): Promise<void> {
  const app = await createHttpApp(ApiModule, API_HTTP_OPTIONS);
  const config = app.get(PlatformConfig);
  await app.listen({ host: config.get('API_HOST'), port: config.get('API_PORT') });
  // A fresh install: the log says where to create the first admin (once per boot, no admin yet).
  await app.get(FirstAdminSetupService).announceAtBoot();
}

bootstrap().catch(reportBootFailure('api'));
