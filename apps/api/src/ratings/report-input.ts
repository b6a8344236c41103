import { Outcome, placementsOf } from './domain';
import { canonicalPlacements, Placements, placementsProblem } from './placements';
import { InvalidPlacementsError, NotOneVersusOneError, PlayerNotInSessionError } from './ratings.errors';

/** A reported result as the API takes it: a 1v1 outcome from one player's side, or placements per team. */
export type ReportBody = { playerId: string; outcome: Outcome } | { placements: number[] };

/**
 * The placements a report states, in the session's team order and canonical form, so every report, whichever body it
 * came in, compares with every other. A 1v1 body names one of the two players and their outcome.
 * @throws NotOneVersusOneError, PlayerNotInSessionError, InvalidPlacementsError (all 400)
 */
export function reportedPlacements(session: { id: string; playerIds: readonly string[]; teams: readonly (readonly string[])[] }, body: ReportBody): Placements {
  if ('placements' in body) {
    const problem = placementsProblem(body.placements, session.teams.length);
    if (problem) throw new InvalidPlacementsError(session.id, problem);
    return canonicalPlacements(body.placements);
  }
  if (session.playerIds.length !== 2) throw new NotOneVersusOneError(session.id, session.playerIds.length);
  const team = session.teams.findIndex((t) => t.includes(body.playerId));
  if (team < 0) throw new PlayerNotInSessionError(body.playerId, session.id);
  const ofFirst = (team === 0 ? body.outcome : 1 - body.outcome) as Outcome;
  return placementsOf(ofFirst);
}
