import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';

export type Role = 'player' | 'server';

/** Who is calling: a player with a verified access token, or a game server with the shared server key. */
export type Actor =
  | { role: 'player'; playerId: string; tokenId: string; expiresAt: number; familyId: string | null }
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

/** A verified player access token (routes marked `@Roles('player')` only ever see this kind of actor). */
export type PlayerActor = Extract<Actor, { role: 'player' }>;
