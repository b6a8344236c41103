import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { EventHub } from './event-hub';
import { EventLog } from './event-log';
import { EventPublisher } from './event-publisher';
import { EventStreamGuard } from './event-stream.guard';
import { EventTickets } from './event-tickets';
import { EventsController } from './events.controller';
import { EventsMetrics } from './events.metrics';

/** Real-time events: Redis streams per player and for game servers, SSE delivery with replay, fan-out across replicas. */
@Module({
  imports: [AuthModule],
  controllers: [EventsController],
  providers: [EventLog, EventTickets, EventHub, EventPublisher, EventsMetrics, EventStreamGuard],
})
export class EventsModule {}
