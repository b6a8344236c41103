import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MODELS, PlayerSchema } from '@libs/database';
import { MongoPlayerRepository } from './persistence/mongo-player.repository';
import { PlayerProfileCache } from './player-profile.cache';
import { PlayerStateStore } from './player-state.store';
import { PlayerStatsCache } from './player-stats.cache';
import { PlayerRepository } from './player.repository';

/** Durable players (MongoDB), their hot stats, real-time state and profile copy (Redis); exports the port and the Redis stores. */
@Module({
  imports: [MongooseModule.forFeature([{ name: MODELS.player, schema: PlayerSchema }])],
  providers: [{ provide: PlayerRepository, useClass: MongoPlayerRepository }, PlayerStatsCache, PlayerStateStore, PlayerProfileCache],
  exports: [PlayerRepository, PlayerStatsCache, PlayerStateStore, PlayerProfileCache],
})
export class PlayersModule {}
