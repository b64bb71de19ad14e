import './v8-flags';
import 'reflect-metadata';
import { createHttpApp, PlatformConfig, reportBootFailure } from '@limited-run/platform';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const app = await createHttpApp(WorkerModule);
  const config = app.get(PlatformConfig);
  await app.listen({ host: config.get('WORKER_HOST'), port: config.get('WORKER_PORT') });
}

bootstrap().catch(reportBootFailure('worker'));
