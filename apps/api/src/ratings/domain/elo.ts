import {
  assertGame,
  Outcome,
  placementsOf,
  mean,
  pairScore,
  pull,
  RatingState,
  RatingSystem,
  RatingUpdate,
  roundHalfAwayFromZero,
} from './rating-system';

export interface EloSettings {
  initialRating: number;
  kFactor: number;
  /** K for a player's first `provisionalGames` games. */
  provisionalKFactor: number;
  /** 0 turns the provisional K off. */
  provisionalGames: number;
  /** Fraction of the distance to the initial rating a season reset removes (0..1). */
  seasonReset: number;
}

/** A player as the two-player formula sees them before a game. */
export interface Contestant {
  rating: number;
  gamesPlayed: number;
}

export interface SideResult {
  oldRating: number;
  newRating: number;
  change: number;
  expected: number;
  k: number;
  outcome: Outcome;
}

export interface MatchRating {
  a: SideResult;
  b: SideResult;
}

/**
 * Elo: expected = 1 / (1 + 10^((opponent − player) / 400)), change = round(K × (score − expected)).
 *
 * Teams: every player's change is computed from their team's mean rating against each other team's mean, pairwise as
 * in multiplayer Elo, and divided by (teams − 1); each player uses their own K. A 1v1 gives exactly the numbers of the
 * two-player formula, and with two teams and equal K the game is zero-sum per player pair.
 */
export class EloRatingSystem extends RatingSystem {
  readonly system = 'elo' as const;

  constructor(readonly settings: EloSettings) {
    super();
  }

  static expectedScore(playerRating: number, opponentRating: number): number {
    return 1 / (1 + 10 ** ((opponentRating - playerRating) / 400));
  }

  initial(): RatingState {
    return { rating: this.settings.initialRating, rd: null, volatility: null, mu: null, sigma: null, gamesPlayed: 0, ratedAt: null };
  }

  /** K for a player who has played `gamesPlayed` games so far. */
  kFor(gamesPlayed: number): number {
    const { kFactor, provisionalKFactor, provisionalGames } = this.settings;
    return gamesPlayed < provisionalGames ? provisionalKFactor : kFactor;
  }

  /** Integer rating change of the player; `k` defaults to the configured K. */
  calculateRatingChange(playerRating: number, opponentRating: number, score: number, k = this.settings.kFactor): number {
    return roundHalfAwayFromZero(k * (score - EloRatingSystem.expectedScore(playerRating, opponentRating)));
  }

  rate(teams: RatingState[][], placements: number[], at: Date): RatingUpdate[][] {
    assertGame(teams, placements);
    if (teams.length === 2 && teams[0].length === 1 && teams[1].length === 1) return this.rateOneVersusOne(teams[0][0], teams[1][0], placements, at);

    const means = teams.map((team) => mean(team.map((p) => p.rating)));
    const others = teams.length - 1;
    // With two teams, team 1's (score − expected) is the exact negation of team 0's, so equal K stays zero-sum.
    const delta = (i: number): number => {
      if (teams.length === 2 && i === 1) return -delta(0);
      let sum = 0;
      for (let j = 0; j < teams.length; j++) if (j !== i) sum += pairScore(placements, i, j) - EloRatingSystem.expectedScore(means[i], means[j]);
      return sum / others;
    };
    return teams.map((team, i) => {
      const d = delta(i);
      const score = averageScore(placements, i);
      return team.map((player) => {
        const k = this.kFor(player.gamesPlayed);
        return this.update(player, roundHalfAwayFromZero(k * d), score - d, score, k, at);
      });
    });
  }

  /** A 1v1 from a's side, in the shape of today's two-player formula (used by tests and the simulator). */
  rateMatch(a: Contestant, b: Contestant, outcomeA: Outcome): MatchRating {
    const at = new Date(0);
    const [[ra], [rb]] = this.rate([[this.stateOf(a)], [this.stateOf(b)]], placementsOf(outcomeA), at);
    const side = (u: RatingUpdate, outcome: Outcome): SideResult => ({
      oldRating: u.before.rating,
      newRating: u.after.rating,
      change: u.change,
      expected: u.expected,
      k: u.details.k,
      outcome,
    });
    return { a: side(ra, outcomeA), b: side(rb, (1 - outcomeA) as Outcome) };
  }

  seasonReset(state: RatingState): RatingState {
    return { ...state, rating: Math.round(pull(state.rating, this.settings.initialRating, this.settings.seasonReset)) };
  }

  uncertainty(): number {
    return 0;
  }

  private stateOf(c: Contestant): RatingState {
    return { ...this.initial(), rating: c.rating, gamesPlayed: c.gamesPlayed };
  }

  /** Today's two-player formula, unchanged: with equal K b's change is the exact negation of a's (rounded once). */
  private rateOneVersusOne(a: RatingState, b: RatingState, placements: number[], at: Date): RatingUpdate[][] {
    const kA = this.kFor(a.gamesPlayed);
    const kB = this.kFor(b.gamesPlayed);
    const scoreA = pairScore(placements, 0, 1);
    const changeA = this.calculateRatingChange(a.rating, b.rating, scoreA, kA);
    const changeB = kA === kB ? -changeA : this.calculateRatingChange(b.rating, a.rating, 1 - scoreA, kB);
    return [
      [this.update(a, changeA, EloRatingSystem.expectedScore(a.rating, b.rating), scoreA, kA, at)],
      [this.update(b, changeB, EloRatingSystem.expectedScore(b.rating, a.rating), 1 - scoreA, kB, at)],
    ];
  }

  private update(before: RatingState, change: number, expected: number, score: number, k: number, at: Date): RatingUpdate {
    // `+ 0` turns a negated zero into a plain 0, so JSON and equality checks never see -0.
    const after = { ...before, rating: before.rating + change + 0, gamesPlayed: before.gamesPlayed + 1, ratedAt: at };
    return { before, after, change: change + 0, expected, score, details: { k } };
  }
}

/** Team i's mean score against every other team. */
export function averageScore(placements: number[], i: number): number {
  let sum = 0;
  for (let j = 0; j < placements.length; j++) if (j !== i) sum += pairScore(placements, i, j);
  return sum / (placements.length - 1);
}
