import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MODELS, SessionHistorySchema, SessionSchema } from '@libs/database';
import { PlayersModule } from '../players/players.module';
import { MongoSessionRepository } from './persistence/mongo-session.repository';
import { SessionHotStore } from './session-hot.store';
import { SessionInvitationStore } from './session-invitation.store';
import { SessionInvitations } from './session-invitations';
import { SessionWriter } from './session-writer';
import { SessionSweeper } from './session-sweeper';
import { SessionRepository } from './session.repository';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

/** Game sessions: durable in MongoDB, hot copy and player state in Redis, invitations, idle sweeper; exports SessionsService. */
@Module({
  imports: [
    PlayersModule,
    MongooseModule.forFeature([
      { name: MODELS.session, schema: SessionSchema },
      { name: MODELS.sessionHistory, schema: SessionHistorySchema },
    ]),
  ],
  controllers: [SessionsController],
  providers: [
    { provide: SessionRepository, useClass: MongoSessionRepository },
    SessionHotStore,
    SessionInvitationStore,
    SessionWriter,
    SessionInvitations,
    SessionsService,
    SessionSweeper,
  ],
  exports: [SessionsService],
})
export class SessionsModule {}
