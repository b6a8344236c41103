import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { MongooseModule } from '@nestjs/mongoose';
import { MODELS, RatingHistorySchema, SessionSchema } from '@libs/database';
import { PlayersModule } from '../players/players.module';
import { RatingsModule } from '../ratings/ratings.module';
import { AccessTokenRevocations } from './access-token-revocations';
import { AccessTokenVerifier } from './access-token.verifier';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { MongoPlayerActivityRepository } from './persistence/mongo-player-activity.repository';
import { PlayerActivityRepository } from './player-activity.repository';
import { ProfileService } from './profile.service';
import { RefreshTokenStore } from './refresh-token.store';
import { RegistrationThrottle } from './registration-throttle';
import { TokenService } from './token.service';

@Module({
  imports: [
    PassportModule,
    JwtModule.register({}),
    PlayersModule,
    // The profile shows the player's pools through the ratings feature's view.
    RatingsModule,
    // Read-only here (for the profile); the sessions and ratings features own these collections' writes.
    MongooseModule.forFeature([
      { name: MODELS.ratingHistory, schema: RatingHistorySchema },
      { name: MODELS.session, schema: SessionSchema },
    ]),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    ProfileService,
    PasswordHasher,
    TokenService,
    AccessTokenRevocations,
    RefreshTokenStore,
    LoginThrottle,
    AccessTokenVerifier,
    JwtStrategy,
    RegistrationThrottle,
    { provide: PlayerActivityRepository, useClass: MongoPlayerActivityRepository },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  // For route guards that accept a Bearer token beside other credentials (the event stream).
  exports: [JwtStrategy],
})
export class AuthModule {}
