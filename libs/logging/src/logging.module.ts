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
          // No per-request middleware: it built a pino-http child logger for every request and nothing logs through
          // it. Framework lines go to the root logger, whose formatter adds the trace id from the request's context.
          forRoutes: [],
        }),
      ],
      providers: [{ provide: ROOT_LOGGER, useValue: root }, AppLogger],
      exports: [ROOT_LOGGER, AppLogger, LoggerModule],
    };
  }
}
