import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { createValidationPipe, HttpExceptionFilter } from '@libs/common';
import { AppConfig } from '@libs/config';
import { AppLogger } from '@libs/logging';
import { AppModule } from './app.module';
import { HealthService } from './health/health.service';
import { fastifyTrustProxy } from './http/client-address';
import { clientErrorHandler, frameworkErrorHandler, registerJsonParser } from './http/pre-application-errors';
import { installTraceInterceptorFastPath, TraceInterceptor } from './http/trace.interceptor';
import { registerTraceHooks } from './http/trace.hooks';
import { installParamPipesFastPath } from './http/param-pipes.fast-path';
import { installRouteHandlerFastPath } from './http/route-handler.fast-path';
import { registerHttpMetricsHooks } from './metrics/http-metrics.hooks';
import { MetricsService } from './metrics/metrics.service';
import { registerSecurityHeaders } from './http/security-headers';
import { setupSwagger } from './swagger';

/** Builds the fully configured, initialised (not yet listening) application; used by main.ts and the e2e tests. */
export async function createApp(config: AppConfig, rootLogger: Logger): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    // A hop count or the proxies' addresses, never `true`; the derived address is validated again (client-address.ts).
    trustProxy: fastifyTrustProxy(config.http.trustProxy),
    return503OnClosing: true,
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
    // Slow-request defences: a body trickled in, headers never finished, idle keep-alive sockets.
    requestTimeout: config.http.requestTimeoutMs,
    keepAliveTimeout: config.http.keepAliveTimeoutMs,
    http: {
      headersTimeout: config.http.headersTimeoutMs,
      // Node checks those deadlines on this interval (default 30 s, which would stretch every timeout by up to that).
      connectionsCheckingInterval: 1000,
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, rootLogger), adapter, {
    bufferLogs: true,
    // JSON is the only body type; its parser (with a nesting limit) is registered below.
    bodyParser: false,
  });
  app.useLogger(app.get(NestPinoLogger));
  const fastify = app.getHttpAdapter().getInstance();
  registerJsonParser(fastify);
  registerSecurityHeaders(fastify);
  registerTraceHooks(fastify);
  registerHttpMetricsHooks(fastify, app.get(MetricsService));
  const health = app.get(HealthService);
  // While draining, answer with `Connection: close` so keep-alive sockets end with their last response.
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (health.isShuttingDown) void reply.header('Connection', 'close');
    done(null, payload);
  });
  app.useGlobalFilters(new HttpExceptionFilter(app.get(AppLogger), app.get(MetricsService).countError));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalInterceptors(new TraceInterceptor());
  installTraceInterceptorFastPath();
  installParamPipesFastPath();
  installRouteHandlerFastPath();
  if (config.http.docsEnabled) setupSwagger(app, config);
  await app.init();
  return app;
}
