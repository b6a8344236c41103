import { Injectable, OnModuleInit } from '@nestjs/common';
import { DomainEventMap, DomainEventMeta, DomainEventName, DomainEvents } from '@libs/domain-events';
import { keys } from '@libs/redis';
import { DOMAIN_EVENT_NAMES, toStreamEvents } from './event-catalogue';
import { EventLog } from './event-log';

/**
 * Turns domain events (emitted by the owning features after their durable writes) into stream events appended to
 * Redis. Appends are issued synchronously in emit order, so one player's events keep their order.
 */
@Injectable()
export class EventPublisher implements OnModuleInit {
  constructor(
    private readonly bus: DomainEvents,
    private readonly log: EventLog,
  ) {}

  onModuleInit(): void {
    for (const name of DOMAIN_EVENT_NAMES) this.bus.on(name, (payload, meta) => this.publish(name, payload, meta));
  }

  private publish<K extends DomainEventName>(name: K, payload: DomainEventMap[K], meta: DomainEventMeta): Promise<unknown> {
    return Promise.all(
      toStreamEvents(name, payload, meta).map((o) => this.log.append(o.to === 'servers' ? keys.events.servers() : keys.events.player(o.to.player), o.event, o.data)),
    );
  }
}
