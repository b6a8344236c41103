import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';

export type Role = 'player' | 'server';

/** Who is calling: a player with a verified access token, or a game server with the shared server key. */
export type Actor =
  | { role: 'player'; playerId: string; tokenId: string; expiresAt: number }
  | { role: 'server' };

export const IS_PUBLIC = 'gsm:isPublic';
export const ROLES = 'gsm:roles';

/** Marks a route as reachable without credentials. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Restricts a route to the given roles (default for protected routes: any authenticated actor). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/** Injects the authenticated actor, set on the request by the global auth guard. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ actor: Actor }>().actor;
});

export function isServer(actor: Actor): actor is { role: 'server' } {
  return actor.role === 'server';
}
