import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import type { Logger } from 'pino';
import { AppConfig, ConfigModule } from '@libs/config';
import { DatabaseModule } from '@libs/database';
import { DomainEventsModule } from '@libs/domain-events';
import { LoggingModule } from '@libs/logging';
import { RedisModule } from '@libs/redis';
import { AuthModule } from './auth/auth.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { PlayersModule } from './players/players.module';
import { PartiesModule } from './parties/parties.module';
import { MatchmakingModule } from './matchmaking/matchmaking.module';
import { RatingsModule } from './ratings/ratings.module';
import { SessionsModule } from './sessions/sessions.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, rootLogger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(rootLogger),
        RedisModule,
        DatabaseModule,
        ScheduleModule.forRoot(),
        DomainEventsModule,
        MetricsModule.forRoot(config),
        HealthModule,
        PlayersModule,
        AuthModule,
        SessionsModule,
        PartiesModule,
        MatchmakingModule,
        RatingsModule,
        EventsModule,
      ],
    };
  }
}
