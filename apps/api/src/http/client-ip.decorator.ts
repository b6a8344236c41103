import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { clientAddress } from './client-address';

/** The caller's validated client address (see client-address.ts); use it instead of Nest's raw `@Ip()`. */
export const ClientIp = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  return clientAddress(request.ip, request.socket?.remoteAddress);
});
