import { Global, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { InjectConnection, MongooseModule } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { AppLogger } from '@libs/logging';

/** Creates the indexes every registered model declares, before the app starts serving. */
@Injectable()
export class IndexBootstrap implements OnApplicationBootstrap {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly logger: AppLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const models = Object.values(this.connection.models);
    await Promise.all(models.map((model) => model.createIndexes()));
    this.logger.forService('api').debug('mongo_indexes_ready', { details: { models: models.map((m) => m.modelName) } });
  }
}

@Global()
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        uri: config.mongodb.uri ?? undefined,
        // The stand-in has no `create` command; real MongoDB creates collections on first write anyway.
        autoCreate: false,
        autoIndex: false,
        serverSelectionTimeoutMS: 5000,
        maxPoolSize: 50,
      }),
    }),
  ],
  providers: [IndexBootstrap],
})
export class DatabaseModule {}
