import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { MatchResultSchema, MODELS, PlayerSchema, RatingHistorySchema, SessionHistorySchema, SessionSchema } from '@libs/database';
import { PlayersModule } from '../players/players.module';
import { SessionsModule } from '../sessions/sessions.module';
import { LeaderboardController } from './leaderboard.controller';
import { LeaderboardService } from './leaderboard.service';
import { MatchResultStore } from './match-result.store';
import { MatchResultsController } from './match-results.controller';
import { MatchResultsService } from './match-results.service';
import { MongoMatchResultStore } from './persistence/mongo-match-result.store';
import { PlayerRatingController } from './player-rating.controller';
import { PlayerRatingService } from './player-rating.service';
import { RatingCache } from './rating-cache';
import { RatingRepairJob } from './rating-repair.job';
import { EloRatingSystem } from './domain';

/**
 * Match results, Elo ratings, rating history and the leaderboard. Its Mongo adapter writes players, rating_history and
 * the session's status in the same transaction as the result (see docs/ratings.md).
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: MODELS.matchResult, schema: MatchResultSchema },
      { name: MODELS.ratingHistory, schema: RatingHistorySchema },
      { name: MODELS.player, schema: PlayerSchema },
      { name: MODELS.session, schema: SessionSchema },
      { name: MODELS.sessionHistory, schema: SessionHistorySchema },
    ]),
    PlayersModule,
    SessionsModule,
  ],
  controllers: [MatchResultsController, PlayerRatingController, LeaderboardController],
  providers: [
    { provide: EloRatingSystem, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new EloRatingSystem({ ...config.rating, initialRating: config.rating.initial, seasonReset: 0.5 }) },
    { provide: MatchResultStore, useClass: MongoMatchResultStore },
    RatingCache,
    MatchResultsService,
    PlayerRatingService,
    LeaderboardService,
    RatingRepairJob,
  ],
  exports: [EloRatingSystem],
})
export class RatingsModule {}
