import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APP_CONFIG, AppConfig } from '@libs/config';
import { MetricsService } from './metrics.service';

/**
 * `/metrics` on its own port (METRICS_PORT), so the public API port never exposes it and a NetworkPolicy can admit
 * only the scraper there. A bare node:http listener: one read-only route needs none of the API's pipeline.
 */
@Injectable()
export class MetricsServer implements OnApplicationShutdown {
  private server: Server | null = null;

  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Starts listening when a separate port is configured; returns the port (null when metrics are on the API port). */
  async listen(port = this.config.http.metricsPort): Promise<number | null> {
    if (this.config.http.metricsPort === 0 || this.server) return this.server ? (this.server.address() as AddressInfo).port : null;
    const server = createServer((request, response) => {
      const path = (request.url ?? '').split('?')[0];
      if (request.method !== 'GET' || path !== '/metrics') {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
        return;
      }
      this.metrics.render().then(
        (body) => response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(body),
        () => response.writeHead(500).end(),
      );
    });
    server.requestTimeout = this.config.http.requestTimeoutMs;
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, this.config.host, resolve));
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()).closeAllConnections());
  }
}
