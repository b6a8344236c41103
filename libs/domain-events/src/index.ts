export * from './domain-events';
export * from './domain-events.module';
