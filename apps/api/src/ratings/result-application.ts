import { MatchReport, MatchResult, RatingChange } from './match-result.model';
import { MatchResultTx, RatedPlayer, ResultSession } from './match-result.store';
import { changeToJson } from './match-result.view';
import { Placements, teamOutcome } from './placements';
import { effectiveState, RatingPool } from './rating-pools';
import { RatingUpdate } from './domain';
import { RatedPlayerNotFoundError } from './ratings.errors';

export interface Application {
  result: MatchResult;
  /** Every player's update, team by team (the order of `result.changes`). */
  updates: RatingUpdate[];
}

/**
 * Applies `placements` to every player of the result's teams inside the result's transaction: reads their ratings in
 * the pool, rates the game through the pool's system (whichever it is), writes ratings and history, stores the applied
 * result and completes the session. Only reads and writes through `tx`, so the transaction may re-run it.
 */
export async function applyResult(
  tx: MatchResultTx,
  pool: RatingPool,
  session: ResultSession,
  base: MatchResult,
  isNew: boolean,
  report: MatchReport,
  placements: Placements,
  source: 'server' | 'players',
  now: Date,
): Promise<Application> {
  // Read inside the transaction: the ratings this application changes are exactly the ones it computes from.
  const [season, found] = await Promise.all([tx.currentSeason(pool.name), tx.findPlayers(pool.name, base.playerIds)]);
  const byId = new Map(found.map((p) => [p.id, p]));
  const teams = base.teams.map((team) =>
    team.map((id) => {
      const player = byId.get(id);
      if (!player) throw new RatedPlayerNotFoundError(id);
      return player;
    }),
  );

  const at = historyTimestamp(now, teams.flat());
  const states = teams.map((team) => team.map((p) => effectiveState(pool, p.state, p.season, season, at)));
  const rated = pool.system.rate(states, placements, at);
  const rows = rated.flatMap((team, t) => team.map((update, n) => ({ t, player: teams[t][n], update })));
  const changes: RatingChange[] = rows.map(({ t, player, update: u }) => ({
    playerId: player.id,
    team: t,
    oldRating: pool.system.display(u.before),
    newRating: pool.system.display(u.after),
    change: u.change,
  }));
  await tx.applyRatings(
    pool.name,
    rows.map(({ t, player, update }, i) => ({
      ...changes[i],
      // The one opponent of a 1v1; in team games the first player of the first other team (the history's link).
      opponentId: teams[t === 0 ? 1 : 0][0].id,
      outcome: teamOutcome(placements, t),
      // The stored state guards the write; the effective one (reset, RD grown) is what was rated.
      before: player.state,
      after: update.after,
      season,
    })),
    session.id,
    at,
  );
  const result = await saveApplied(tx, session, base, isNew, report, placements, source, at, changes, {});
  return { result, updates: rows.map((r) => r.update) };
}

/** Settles an unrated result like a rated one (recorded once, session completed) but touches no rating. */
export async function applyUnrated(
  tx: MatchResultTx,
  session: ResultSession,
  base: MatchResult,
  isNew: boolean,
  report: MatchReport,
  placements: Placements,
  source: 'server' | 'players',
  now: Date,
): Promise<MatchResult> {
  return saveApplied(tx, session, base, isNew, report, placements, source, now, [], { rated: false, origin: session.origin });
}

/** Stores the applied result and completes the session: how every application ends, rated or not. */
async function saveApplied(
  tx: MatchResultTx,
  session: ResultSession,
  base: MatchResult,
  isNew: boolean,
  report: MatchReport,
  placements: Placements,
  source: 'server' | 'players',
  at: Date,
  changes: RatingChange[],
  details: Record<string, unknown>,
): Promise<MatchResult> {
  const result: MatchResult = { ...base, status: 'applied', reports: [...base.reports, report], placements, source, changes, updatedAt: at, appliedAt: at, cacheSynced: false };
  await tx.saveResult(result, isNew, {
    session,
    status: 'completed',
    event: 'result_applied',
    details: { source, pool: base.pool, ...details, placements, outcome: outcomesOf(base.teams, placements), changes: changes.map(changeToJson) },
  });
  return result;
}

/** Each player's outcome for the stats and the session history (teamOutcome of their team). */
function outcomesOf(teams: string[][], placements: Placements): Record<string, number> {
  return Object.fromEntries(teams.flatMap((team, t) => team.map((id) => [id, teamOutcome(placements, t)])));
}

/** Strictly after each player's previous entry, so a timestamp cursor never skips or repeats an entry. */
function historyTimestamp(now: Date, players: RatedPlayer[]): Date {
  const latest = Math.max(now.getTime(), ...players.map((p) => (p.lastRatedAt ? p.lastRatedAt.getTime() + 1 : 0)));
  return new Date(latest);
}
