import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ServiceName } from './log-format';

export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

export interface EventFields {
  player_id?: string | null;
  session_id?: string | null;
  details?: Record<string, unknown>;
}

/** Structured event logger for one service; the trace id is added from the current request or job context. */
export class ServiceLogger {
  constructor(
    private readonly root: Logger,
    private readonly service: ServiceName,
  ) {}

  debug(event: string, fields: EventFields = {}): void {
    if (this.root.isLevelEnabled('debug')) this.root.debug({ service: this.service, event, ...fields });
  }

  info(event: string, fields: EventFields = {}): void {
    this.root.info({ service: this.service, event, ...fields });
  }

  warn(event: string, fields: EventFields = {}): void {
    this.root.warn({ service: this.service, event, ...fields });
  }

  error(event: string, fields: EventFields = {}): void {
    this.root.error({ service: this.service, event, ...fields });
  }
}

@Injectable()
export class AppLogger {
  constructor(@Inject(ROOT_LOGGER) private readonly root: Logger) {}

  forService(service: ServiceName): ServiceLogger {
    return new ServiceLogger(this.root, service);
  }

  flush(): void {
    this.root.flush();
  }
}
