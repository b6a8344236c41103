import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { errorBody } from '@libs/common';
import { newTraceId, traceIdFromHeaders } from '@libs/logging';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from './json-depth';

/**
 * Errors Fastify and Node answer before any hook, guard or filter runs, given the one error shape and an X-Request-ID
 * like every other response. None of them echoes the request's path back.
 */

/** Requests that fail routing itself: a malformed URL (`%ff`) or a path parameter over the router's length limit. */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const traceId = traceIdFromHeaders(request.headers);
  const [status, message] =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? [414, 'A path parameter is too long']
      : error.code === 'FST_ERR_BAD_URL'
        ? [400, 'The request URL is malformed']
        : [error.statusCode && error.statusCode < 500 ? error.statusCode : 400, 'The request could not be routed'];
  void reply.status(status).header('X-Request-ID', traceId).header('Content-Type', 'application/json; charset=utf-8').send(errorBody(status, message, traceId));
}

/** Bytes Node's HTTP parser rejects (headers too large or too many, garbage after a body, timeouts): no request exists. */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request took too long to arrive']
        : [400, 'The request is not valid HTTP'];
  const traceId = newTraceId();
  const body = JSON.stringify(errorBody(status, message, traceId));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${errorBody(status, '', null).error}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-ID: ${traceId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** The JSON body parser: Fastify's own (prototype-poisoning safe), behind a nesting-depth check. */
export function registerJsonParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'ignore');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (exceedsJsonDepth(body as string, MAX_JSON_DEPTH)) {
      done(Object.assign(new Error(`Request body nests deeper than ${MAX_JSON_DEPTH} levels`), { statusCode: 400, code: 'JSON_TOO_DEEP' }), undefined);
      return;
    }
    parse(request, body as string, done);
  });
}
