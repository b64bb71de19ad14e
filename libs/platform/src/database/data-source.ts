// Entry point of the TypeORM CLI (`npm run migration:*`): the same options the apps use.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { validateEnvironment } from '../config/environment';
import { buildDataSourceOptions } from './data-source-options';

// The CLI is the one place outside Nest that reads the environment, through the same validator.
// eslint-disable-next-line no-restricted-properties
const env = validateEnvironment(process.env);

export default new DataSource(
  buildDataSourceOptions({ url: env.DATABASE_URL, poolSize: 2, applicationName: 'lr-migrations' }),
);
