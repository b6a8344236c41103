import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppLogger, currentTraceId, ServiceLogger } from '@libs/logging';
import { isDependencyOutage } from './dependency-outage';
import { DEPENDENCY_RETRY_AFTER_SECONDS, DomainError, ERROR_KIND_STATUS } from './errors';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  trace_id: string | null;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The one error shape; also used for errors answered before the application sees the request. */
export function errorBody(status: number, message: string, traceId: string | null): ErrorBody {
  return { statusCode: status, error: REASONS[status] ?? 'Error', message, trace_id: traceId };
}

/**
 * Maps every error to one JSON shape: `{ statusCode, error, message, trace_id }`; 500s never carry internals. A backing
 * service being unreachable is a 503 with Retry-After wherever it surfaces.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly log: ServiceLogger;

  /** `onError` sees every answered error by status and stable code (e.g. 409 RESULT_DISPUTED), for metrics. */
  constructor(
    logger: AppLogger,
    private readonly onError?: (status: number, code: string) => void,
  ) {
    this.log = logger.forService('api');
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest & { traceId?: string }>();
    const { status, message, retryAfter } = this.describe(exception);
    this.onError?.(status, errorCode(exception, status));
    const traceId = request?.traceId ?? currentTraceId();

    if (status === 503) {
      this.log.warn('dependency_unavailable', {
        details: { error: exception instanceof Error ? { name: exception.name, message: exception.message } : String(exception), method: request?.method, route: request?.routeOptions?.url },
        trace_id: traceId,
      } as never);
    } else if (status >= 500) {
      this.log.error('unhandled_error', {
        details: { error: exception instanceof Error ? exception : String(exception), method: request?.method, route: request?.routeOptions?.url },
        trace_id: traceId,
      } as never);
    }
    const body = errorBody(status, message, traceId);
    if (retryAfter !== undefined) void reply.header('Retry-After', String(retryAfter));
    if (traceId) void reply.header('X-Request-ID', traceId);
    void reply.status(status).send(body);
  }

  private describe(exception: unknown): { status: number; message: string; retryAfter?: number } {
    if (exception instanceof DomainError) {
      return { status: ERROR_KIND_STATUS[exception.kind], message: exception.message, retryAfter: exception.retryAfterSeconds };
    }
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : exception.message;
      return { status: exception.getStatus(), message };
    }
    // Errors raised by Fastify itself (body too large, malformed JSON, bad content type) carry a 4xx statusCode.
    const fastifyStatus = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      return { status: fastifyStatus, message: fastifyMessage(exception as { code?: string; message?: string }) };
    }
    if (isDependencyOutage(exception)) {
      return { status: HttpStatus.SERVICE_UNAVAILABLE, message: 'A backing service is unavailable; retry shortly', retryAfter: DEPENDENCY_RETRY_AFTER_SECONDS };
    }
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, message: 'Internal server error' };
  }
}

function errorCode(exception: unknown, status: number): string {
  if (exception instanceof DomainError) return exception.code;
  const code = (exception as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('FST_') ? code : `HTTP_${status}`;
}

function fastifyMessage(error: { code?: string; message?: string }): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'Request body is too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Content-Type must be application/json';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'Request body must not be empty when Content-Type is application/json';
    default:
      return error.code?.startsWith('FST_ERR_CTP') || error instanceof SyntaxError ? 'Request body is not valid JSON' : (error.message ?? 'Bad request');
  }
}
