import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
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
import { MatchRatings } from './match-ratings';
import { CachedPoolRatingStore } from './persistence/cached-pool-rating.store';
import { MongoPoolRatingStore } from './persistence/mongo-pool-rating.store';
import { PoolRatingCache } from './pool-rating.cache';
import {
  PoolRatingHistorySchema,
  PoolRatingSchema,
  PoolSeasonSchema,
  SeasonStandingSchema,
} from './persistence/pool-rating.schema';
import { PoolRatingStore } from './pool-rating.store';
import { RatingPools } from './rating-pools';
import { SeasonsController } from './seasons.controller';
import { SeasonsService } from './seasons.service';

/**
 * Match results, rating pools (Elo, Glicko-2, OpenSkill behind one port), rating history, leaderboards and seasons. Its Mongo adapter writes players, rating_history and
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
      { name: MODELS.poolRating, schema: PoolRatingSchema },
      { name: MODELS.poolRatingHistory, schema: PoolRatingHistorySchema },
      { name: MODELS.poolSeason, schema: PoolSeasonSchema },
      { name: MODELS.seasonStanding, schema: SeasonStandingSchema },
    ]),
    PlayersModule,
    SessionsModule,
  ],
  controllers: [MatchResultsController, PlayerRatingController, LeaderboardController, SeasonsController],
  providers: [
    RatingPools,
    { provide: MatchResultStore, useClass: MongoMatchResultStore },
    MongoPoolRatingStore,
    PoolRatingCache,
    { provide: PoolRatingStore, useClass: CachedPoolRatingStore },
    SeasonsService,
    MatchRatings,
    RatingCache,
    MatchResultsService,
    PlayerRatingService,
    LeaderboardService,
    RatingRepairJob,
  ],
  exports: [RatingPools, PlayerRatingService, MatchRatings],
})
export class RatingsModule {}
