import { DependencyUnavailableError, UnauthorizedError } from '@libs/common';

export class InvalidStreamTicketError extends UnauthorizedError {
  constructor() {
    super('Stream ticket is unknown, already used or expired', 'INVALID_STREAM_TICKET');
  }
}

export class EventsShuttingDownError extends DependencyUnavailableError {
  constructor() {
    super('This replica is shutting down; reconnect', 'EVENTS_SHUTTING_DOWN');
  }
}
