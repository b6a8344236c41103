export * from './rating-system';
export * from './elo';
export * from './glicko2';
export * from './openskill';
export * from './rating-system.factory';
export * from './match-window';
