export * from './trace-context';
export * from './log-format';
export * from './app-logger';
export * from './logging.module';
