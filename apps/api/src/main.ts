import 'reflect-metadata';
import { createHttpApp, PlatformConfig, reportBootFailure } from '@limited-run/platform';
import { ApiModule } from './api.module';

async function bootstrap(): Promise<void> {
  const app = await createHttpApp(ApiModule, { openApiTitle: 'Limited Run API', serveWeb: true });
  const config = app.get(PlatformConfig);
  await app.listen({ host: config.get('API_HOST'), port: config.get('API_PORT') });
}

bootstrap().catch(reportBootFailure('api'));
