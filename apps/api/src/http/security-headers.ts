import type { FastifyInstance } from 'fastify';
import helmet, { HelmetOptions } from 'helmet';
import { DOCS_PATH } from '../swagger';

/**
 * Security headers on the pages a browser renders (Swagger UI under /docs): helmet's set, with a CSP that Swagger UI
 * runs under. Swagger UI loads only its own scripts (no inline script) but styles itself inline and draws icons from
 * data: URLs, hence those two allowances and nothing more. TLS (and so the upgrade directive) belongs to the ingress,
 * not to the app.
 */
export const SECURITY_HEADER_OPTIONS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
};

/**
 * Security headers on API responses (JSON, the event stream, metrics): the set OWASP's REST cheat sheet gives for an
 * API, which a browser never renders as a document. The CSP is stricter than the pages' (nothing may load, nothing may
 * frame), the response cannot be read cross-origin without CORS, sniffed into another type, framed or leak a referrer,
 * and HSTS holds. helmet's other headers only steer how a browser treats a document (DNS prefetching, IE's download
 * prompt, Flash and PDF policies, the XSS auditor, window and agent-cluster isolation); on a JSON body they do nothing,
 * and each one is bytes and a validation on every response, on the server and on every client parsing it.
 */
export const API_SECURITY_HEADER_OPTIONS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
};

/** Where the pages are served (Swagger UI, its assets and the OpenAPI document); everything else is the API. */
const PAGES_PREFIX = `/${DOCS_PATH}`;

/**
 * The headers helmet sets with these options. They depend on nothing in the request, so helmet runs once, at boot,
 * against a recording response; @fastify/helmet would rebuild helmet and re-parse the CSP on every request (about a
 * quarter of the CPU of a cheap route).
 */
export function securityHeaders(options: Readonly<HelmetOptions> = SECURITY_HEADER_OPTIONS): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let failed: unknown = null;
  helmet(options)({} as never, recorder as never, (error?: unknown) => {
    failed = error ?? null;
  });
  if (failed) throw failed;
  return headers;
}

/** The header set a request's answer gets, by its path: the pages' under /docs, the API's everywhere else. */
export function securityHeadersFor(url: string, pages: Record<string, string>, api: Record<string, string>): Record<string, string> {
  return url.startsWith(PAGES_PREFIX) ? pages : api;
}

export function registerSecurityHeaders(fastify: FastifyInstance): void {
  const pages = securityHeaders(SECURITY_HEADER_OPTIONS);
  const api = securityHeaders(API_SECURITY_HEADER_OPTIONS);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(securityHeadersFor(request.url, pages, api));
    done();
  });
}
