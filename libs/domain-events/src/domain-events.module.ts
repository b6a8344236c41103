import { Global, Module } from '@nestjs/common';
import { DomainEvents } from './domain-events';

/** One bus per application; features inject `DomainEvents` to emit or subscribe. */
@Global()
@Module({ providers: [DomainEvents], exports: [DomainEvents] })
export class DomainEventsModule {}
