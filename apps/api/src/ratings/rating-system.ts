/** 1 win, 0.5 draw, 0 loss — always from one named player's side. */
export type Outcome = 0 | 0.5 | 1;

export const OUTCOMES: readonly Outcome[] = [0, 0.5, 1];

export interface RatingSettings {
  kFactor: number;
  /** K for a player's first `provisionalGames` games. */
  provisionalKFactor: number;
  /** 0 turns the provisional K off. */
  provisionalGames: number;
}

/** A player as the rating system sees them before a game. */
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
 * Elo: expected = 1 / (1 + 10^((opponent − player) / 400)), change = round(K × (outcome − expected)).
 * Framework-free so it can be unit- and property-tested on its own.
 */
export class RatingSystem {
  constructor(private readonly settings: RatingSettings) {}

  /** K for a player who has played `gamesPlayed` games so far. */
  kFor(gamesPlayed: number): number {
    const { kFactor, provisionalKFactor, provisionalGames } = this.settings;
    return gamesPlayed < provisionalGames ? provisionalKFactor : kFactor;
  }

  static expectedScore(playerRating: number, opponentRating: number): number {
    return 1 / (1 + 10 ** ((opponentRating - playerRating) / 400));
  }

  /** Integer rating change of the player; `k` defaults to the configured K. */
  calculateRatingChange(playerRating: number, opponentRating: number, outcome: Outcome, k = this.settings.kFactor): number {
    const expected = RatingSystem.expectedScore(playerRating, opponentRating);
    return roundHalfAwayFromZero(k * (outcome - expected));
  }

  /**
   * Rates one 1v1 game; `outcomeA` is a's result. When both sides use the same K, b's change is the exact negation of
   * a's (computed once, never rounded twice), so the two changes always sum to zero and no rating points are created
   * or lost. With different K (one player still provisional) each side is computed with its own K.
   */
  rateMatch(a: Contestant, b: Contestant, outcomeA: Outcome): MatchRating {
    const kA = this.kFor(a.gamesPlayed);
    const kB = this.kFor(b.gamesPlayed);
    const outcomeB = (1 - outcomeA) as Outcome;
    const changeA = this.calculateRatingChange(a.rating, b.rating, outcomeA, kA);
    const changeB = kA === kB ? -changeA : this.calculateRatingChange(b.rating, a.rating, outcomeB, kB);
    return {
      a: side(a.rating, changeA, RatingSystem.expectedScore(a.rating, b.rating), kA, outcomeA),
      b: side(b.rating, changeB, RatingSystem.expectedScore(b.rating, a.rating), kB, outcomeB),
    };
  }
}

function side(oldRating: number, change: number, expected: number, k: number, outcome: Outcome): SideResult {
  // `+ 0` turns a negated zero into a plain 0, so JSON and equality checks never see -0.
  return { oldRating, newRating: oldRating + change + 0, change: change + 0, expected, k, outcome };
}

/** Rounds .5 away from zero, so that round(-x) === -round(x): the winner's gain mirrors the loser's loss. */
export function roundHalfAwayFromZero(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value)) + 0;
}
