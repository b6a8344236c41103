import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './config.types';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Config is loaded once at boot (main.ts or the test harness) and provided as a value. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}
