import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MODELS, PlayerSchema } from '@libs/database';
import { MongoPlayerRepository } from './persistence/mongo-player.repository';
import { PlayerStateStore } from './player-state.store';
import { PlayerStatsCache } from './player-stats.cache';
import { PlayerRepository } from './player.repository';

/** Durable players (MongoDB), their hot stats and real-time state (Redis); exports the port and the Redis stores. */
@Module({
  imports: [MongooseModule.forFeature([{ name: MODELS.player, schema: PlayerSchema }])],
  providers: [{ provide: PlayerRepository, useClass: MongoPlayerRepository }, PlayerStatsCache, PlayerStateStore],
  exports: [PlayerRepository, PlayerStatsCache, PlayerStateStore],
})
export class PlayersModule {}
