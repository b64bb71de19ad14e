import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Environment } from './environment';

/** Typed, read-only view of the validated environment. */
@Injectable()
export class PlatformConfig {
  constructor(private readonly config: ConfigService<Environment, true>) {}

  get<K extends keyof Environment>(key: K): Environment[K] {
    return this.config.get(key, { infer: true });
  }

  /** An address in the browser app as fans reach it (`PUBLIC_WEB_URL`), for links we send. */
  webUrl(path: string): string {
    return `${this.get('PUBLIC_WEB_URL').replace(/\/+$/, '')}${path}`;
  }

  get isProduction(): boolean {
    return this.get('NODE_ENV') === 'production';
  }
}
