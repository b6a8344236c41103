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
import { QueueJoinService } from './queue-join.service';
import { QueueLeaveService } from './queue-leave.service';
import { QueueStatusService } from './queue-status.service';
import { QueueMetrics } from './queue.metrics';
import { ReadyCheckController } from './ready-check.controller';
import { ReadyCheckService } from './ready-check.service';
import { ReadyChecks } from './ready-checks';
import { WaitEstimates } from './wait-estimates';

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
    WaitEstimates,
    QueueJoinService,
    QueueLeaveService,
    QueueStatusService,
    MatchmakerService,
    MatchmakerScheduler,
  ],
  exports: [MatchQueue],
})
export class MatchmakingModule {}
