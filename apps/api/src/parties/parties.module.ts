import { Module } from '@nestjs/common';
import { PlayersModule } from '../players/players.module';
import { PartiesController } from './parties.controller';
import { PartiesService } from './parties.service';
import { PartyStore } from './party.store';

/** Parties of players who queue together (Redis only); matchmaking reads them and subscribes to their changes. */
@Module({
  imports: [PlayersModule],
  controllers: [PartiesController],
  providers: [PartyStore, PartiesService],
  exports: [PartiesService],
})
export class PartiesModule {}
