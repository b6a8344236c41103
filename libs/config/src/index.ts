export * from './config.types';
export * from './config.loader';
export * from './config.module';
export * from './rating-pools';
export * from './match-modes';
export * from './security-settings';
