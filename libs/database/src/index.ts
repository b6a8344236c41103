export * from './schemas';
export * from './model-names';
export * from './database.module';
