export * from './free-port';
export * from './local-process';
export * from './stand-ins';
export * from './redis-cluster';
