import { Module } from '@nestjs/common';
import { MatchmakerScheduler } from './matchmaker.scheduler';
import { MatchmakerService } from './matchmaker.service';
import { PlayersModule } from '../players/players.module';
import { RatingsModule } from '../ratings/ratings.module';
import { SessionsModule } from '../sessions/sessions.module';
import { PartiesModule } from '../parties/parties.module';
import { MatchQueue } from './match-queue';
import { MatchRecords } from './match-records';
import { MatchSessions, SessionsMatchSessions } from './match-sessions';
import { MatchSettler } from './match-settler';
import { QueueController } from './queue.controller';
import { QueueService } from './queue.service';
import { QueueMetrics } from './queue.metrics';
import { ReadyCheckController } from './ready-check.controller';
import { ReadyCheckService } from './ready-check.service';
import { ReadyChecks } from './ready-checks';

/** Matchmaking: the queue API, the Redis queue and the scheduled matchmaker (pure logic in ./domain). */
@Module({
  imports: [PlayersModule, SessionsModule, PartiesModule, RatingsModule],
  controllers: [QueueController, ReadyCheckController],
  providers: [
    MatchQueue,
    MatchRecords,
    { provide: MatchSessions, useClass: SessionsMatchSessions },
    MatchSettler,
    ReadyChecks,
    ReadyCheckService,
    QueueMetrics,
    QueueService,
    MatchmakerService,
    MatchmakerScheduler,
  ],
  exports: [QueueService, MatchQueue],
})
export class MatchmakingModule {}
