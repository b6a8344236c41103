/** 1 win, 0.5 draw, 0 loss — always from one named player's side. */
export type Outcome = 0 | 0.5 | 1;

export const OUTCOMES: readonly Outcome[] = [0, 0.5, 1];

export type RatingSystemName = 'elo' | 'glicko2' | 'openskill';

export const RATING_SYSTEMS: readonly RatingSystemName[] = ['elo', 'glicko2', 'openskill'];

/**
 * One player's rating in one pool, as every system stores it. `rating` is the system's own rating (Elo: the integer
 * rating; Glicko-2: the rating on the Glicko scale, not rounded; OpenSkill: the displayed rating, derived from μ and σ).
 * The uncertainty fields a system does not use are null.
 */
export interface RatingState {
  rating: number;
  rd: number | null;
  volatility: number | null;
  mu: number | null;
  sigma: number | null;
  gamesPlayed: number;
  /** When the state was last rated; Glicko-2 counts idle rating periods from here. */
  ratedAt: Date | null;
}

/** What a system reports for one player of one game. */
export interface RatingUpdate {
  before: RatingState;
  after: RatingState;
  /** Change of the displayed (integer) rating. */
  change: number;
  /** Mean expected score against the other teams (0..1). */
  expected: number;
  /** Mean actual score against the other teams: 1 beat all, 0.5 tied, 0 lost to all. */
  score: number;
  /** System-specific figures for the log (Elo: K). */
  details: Record<string, number>;
}

/** The rating fields every view and leaderboard entry shows. */
export interface RatingFields {
  rating: number;
  rd: number | null;
  volatility: number | null;
  mu: number | null;
  sigma: number | null;
}

/**
 * The port every rating system implements; the result transaction calls it and never knows which system runs.
 *
 * `teams[i]` are the players of team i (one player per team for 1v1 and free-for-all) and `placements[i]` is team i's
 * finishing place: lower is better, equal places are a tie (so a 1v1 win is `[1, 2]`, a draw `[1, 1]`). The result has
 * the same shape as `teams`.
 */
export abstract class RatingSystem {
  abstract readonly system: RatingSystemName;

  /** A player's state before their first game in the pool. */
  abstract initial(): RatingState;

  /** The states after one game; each state must already be `current(state, at)`. */
  abstract rate(teams: RatingState[][], placements: number[], at: Date): RatingUpdate[][];

  /** The state as of `at` (Glicko-2: RD grown for idle rating periods). Pure: the stored state is not changed. */
  current(state: RatingState, _at: Date): RatingState {
    return state;
  }

  /** The state after a season ends: pulled toward the initial values (see docs/ratings.md). */
  abstract seasonReset(state: RatingState): RatingState;

  /** The uncertainty on the displayed scale (0 for systems without one); matchmaking widens windows by it. */
  abstract uncertainty(state: RatingState): number;

  /** The integer rating shown to players and used by leaderboards and matchmaking. */
  display(state: RatingState): number {
    return Math.round(state.rating);
  }

  fields(state: RatingState): RatingFields {
    return { rating: this.display(state), rd: state.rd, volatility: state.volatility, mu: state.mu, sigma: state.sigma };
  }
}

/** Score of team i against team j from their placements: 1 ahead, 0.5 tied, 0 behind. */
export function pairScore(placements: number[], i: number, j: number): number {
  if (placements[i] === placements[j]) return 0.5;
  return placements[i] < placements[j] ? 1 : 0;
}

/** Checks the shape every system relies on: at least two non-empty teams, one finite placement per team. */
export function assertGame(teams: RatingState[][], placements: number[]): void {
  if (teams.length < 2 || teams.some((t) => t.length === 0)) throw new RangeError('a game needs at least two non-empty teams');
  if (placements.length !== teams.length || placements.some((p) => !Number.isFinite(p))) {
    throw new RangeError('one finite placement per team is required');
  }
}

/** Placements of a 1v1 from the first player's outcome. */
export function placementsOf(outcomeOfFirst: Outcome): [number, number] {
  if (outcomeOfFirst === 0.5) return [1, 1];
  return outcomeOfFirst === 1 ? [1, 2] : [2, 1];
}

/** Rounds .5 away from zero, so that round(-x) === -round(x): the winner's gain mirrors the loser's loss. */
export function roundHalfAwayFromZero(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value)) + 0;
}

export function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Pulls `value` toward `target` by `fraction` (0 keeps it, 1 resets it). */
export function pull(value: number, target: number, fraction: number): number {
  return value + (target - value) * fraction;
}
