export * from './errors';
export * from './dependency-outage';
export * from './http-exception.filter';
export * from './validation';
export * from './actor';
export * from './object-id.pipe';
export * from './query.decorators';
