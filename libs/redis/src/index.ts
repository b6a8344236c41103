export * from './redis.tokens';
export * from './keys';
export * from './lua';
export * from './redis.module';
export * from './write-batching';
