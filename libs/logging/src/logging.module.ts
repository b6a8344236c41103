import { DynamicModule, Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { AppLogger, ROOT_LOGGER } from './app-logger';

/** One pino instance behind both Nest's own logger (via nestjs-pino) and our structured `AppLogger`. */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(root: Logger): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: { logger: root, autoLogging: false, quietReqLogger: true },
        }),
      ],
      providers: [{ provide: ROOT_LOGGER, useValue: root }, AppLogger],
      exports: [ROOT_LOGGER, AppLogger, LoggerModule],
    };
  }
}
