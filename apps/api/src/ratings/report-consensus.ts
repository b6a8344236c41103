import { samePlacements } from './placements';

/** A stored player report: who reported and the placements they stated. */
export interface PlayerReport {
  reporter: string;
  placements: readonly number[];
}

export type Consensus =
  /** The report disagrees with one already stored (any player's, teammate or opponent). */
  | { kind: 'conflict' }
  /** Every team has a player who reported these placements: the result can apply. */
  | { kind: 'agreed' }
  /** Still waiting for a report from these teams (indexes in the session's team order). */
  | { kind: 'waiting'; missingTeams: number[] };

/**
 * Player reports apply once one player of every team has reported the same placements, so no team settles a result
 * alone; any report that differs from one already stored is a conflict. `teams` are the session's player ids per team;
 * `reports` are the player reports already stored (they all agree, or the session would be disputed), and `incoming`
 * is a new report from a player of the session who has not reported yet.
 */
export function teamConsensus(teams: readonly (readonly string[])[], reports: readonly PlayerReport[], incoming: PlayerReport): Consensus {
  if (reports.some((r) => !samePlacements(r.placements, incoming.placements))) return { kind: 'conflict' };
  const reporters = new Set([...reports.map((r) => r.reporter), incoming.reporter]);
  const missingTeams = teams.flatMap((team, i) => (team.some((id) => reporters.has(id)) ? [] : [i]));
  return missingTeams.length === 0 ? { kind: 'agreed' } : { kind: 'waiting', missingTeams };
}
