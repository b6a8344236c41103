import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Actor, UnauthorizedError } from '@libs/common';

/** A player actor as JwtStrategy builds it: the shared Actor plus the refresh-token family its token belongs to. */
export type PlayerTokenActor = Extract<Actor, { role: 'player' }> & { familyId: string | null };

/** Injects the verified access token of a player route (use with `@Roles('player')`). */
export const CurrentPlayerToken = createParamDecorator((_data: unknown, ctx: ExecutionContext): PlayerTokenActor => {
  const actor = ctx.switchToHttp().getRequest<{ actor?: Actor & { familyId?: string | null } }>().actor;
  if (!actor || actor.role !== 'player') throw new UnauthorizedError('A player access token is required');
  return { ...actor, familyId: actor.familyId ?? null };
});
