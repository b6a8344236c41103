export * from './player.schema';
export * from './session.schema';
export * from './rating-history.schema';
export * from './match-result.schema';
