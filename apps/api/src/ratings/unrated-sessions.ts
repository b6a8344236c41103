import type { SessionOrigin } from '@libs/database';

export type { SessionOrigin };

/**
 * Sessions a player created themselves never change ratings unless their mode opts in (`player_sessions_rated`): two
 * accounts of one person could otherwise create sessions together and report wins for each other with no game server
 * involved. Sessions of the matchmaker and of game servers always rate.
 */
export function isRatedSession(session: { origin: SessionOrigin; mode: string }, playerSessionsRated: readonly string[]): boolean {
  return session.origin !== 'player' || playerSessionsRated.includes(session.mode);
}
