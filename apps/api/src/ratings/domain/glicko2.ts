import { averageScore } from './elo';
import { assertGame, mean, pairScore, pull, RatingState, RatingSystem, RatingUpdate } from './rating-system';

export interface Glicko2Settings {
  initialRating: number;
  initialRd: number;
  initialVolatility: number;
  /** τ: how much the volatility may change (the paper suggests 0.3 to 1.2). */
  tau: number;
  /** Length of one rating period; an idle player's RD grows once per whole period. */
  ratingPeriodMs: number;
  /** Fraction of the distance to the initial rating and RD a season reset removes (0..1). */
  seasonReset: number;
}

/** The Glicko-2 scale factor (400 / ln 10). */
const SCALE = 173.7178;
/** Convergence tolerance of the volatility iteration (the paper's ε). */
const EPSILON = 0.000001;

export interface GlickoPlayer {
  rating: number;
  rd: number;
  volatility: number;
}

export interface GlickoOpponent {
  rating: number;
  rd: number;
}

/**
 * One Glicko-2 update of `player` over the games of one rating period (Glickman, "Example of the Glicko-2 system",
 * steps 2 to 8). `scores[i]` is the player's score against `opponents[i]`; with no games only the RD grows.
 * `periodGrowth` false leaves out step 6's sqrt(φ² + σ'²): for a game applied on its own, the passage of time is
 * counted by whole rating periods instead (Glicko2RatingSystem.current), so that RD never grows with the number of games.
 */
export function glicko2Update(player: GlickoPlayer, opponents: GlickoOpponent[], scores: number[], tau: number, periodGrowth = true): GlickoPlayer {
  const mu = (player.rating - 1500) / SCALE;
  const phi = player.rd / SCALE;
  const sigma = player.volatility;
  if (opponents.length === 0) return { rating: player.rating, rd: Math.sqrt(phi * phi + sigma * sigma) * SCALE, volatility: sigma };

  const games = opponents.map((o, i) => {
    const muJ = (o.rating - 1500) / SCALE;
    const gJ = g(o.rd / SCALE);
    return { gJ, e: 1 / (1 + Math.exp(-gJ * (mu - muJ))), s: scores[i] };
  });
  const v = 1 / games.reduce((sum, { gJ, e }) => sum + gJ * gJ * e * (1 - e), 0);
  const improvement = games.reduce((sum, { gJ, e, s }) => sum + gJ * (s - e), 0);
  const delta = v * improvement;

  const newSigma = newVolatility(phi, sigma, v, delta, tau);
  const phiStar = periodGrowth ? Math.sqrt(phi * phi + newSigma * newSigma) : phi;
  const newPhi = 1 / Math.sqrt(1 / (phiStar * phiStar) + 1 / v);
  const newMu = mu + newPhi * newPhi * improvement;
  return { rating: newMu * SCALE + 1500, rd: newPhi * SCALE, volatility: newSigma };
}

function g(phi: number): number {
  return 1 / Math.sqrt(1 + (3 * phi * phi) / (Math.PI * Math.PI));
}

/** Step 5: the Illinois algorithm on f(x) = 0 with x = ln(σ'²). */
function newVolatility(phi: number, sigma: number, v: number, delta: number, tau: number): number {
  const a = Math.log(sigma * sigma);
  const f = (x: number): number => {
    const ex = Math.exp(x);
    const d = phi * phi + v + ex;
    return (ex * (delta * delta - phi * phi - v - ex)) / (2 * d * d) - (x - a) / (tau * tau);
  };
  let A = a;
  let B: number;
  if (delta * delta > phi * phi + v) {
    B = Math.log(delta * delta - phi * phi - v);
  } else {
    let k = 1;
    while (f(a - k * tau) < 0) k++;
    B = a - k * tau;
  }
  let fA = f(A);
  let fB = f(B);
  for (let i = 0; i < 100 && Math.abs(B - A) > EPSILON; i++) {
    const C = A + ((A - B) * fA) / (fB - fA);
    const fC = f(C);
    if (fC * fB <= 0) {
      A = B;
      fA = fB;
    } else {
      fA /= 2;
    }
    B = C;
    fB = fC;
  }
  return Math.exp(A / 2);
}

/**
 * Glicko-2. Games are applied as they arrive, one game per update (the paper's method allows a period with any number
 * of games, one included); the time that passes is counted separately, by whole rating periods (below). In a team game each player is rated against every other team as
 * one opponent: the team's mean rating, and the root mean square of its RDs. An idle player's RD grows by
 * φ' = sqrt(φ² + σ²·t) for t whole idle rating periods, capped at the initial RD, applied lazily when the player is next
 * read or rated.
 */
export class Glicko2RatingSystem extends RatingSystem {
  readonly system = 'glicko2' as const;

  constructor(readonly settings: Glicko2Settings) {
    super();
  }

  initial(): RatingState {
    const s = this.settings;
    return { rating: s.initialRating, rd: s.initialRd, volatility: s.initialVolatility, mu: null, sigma: null, gamesPlayed: 0, ratedAt: null };
  }

  current(state: RatingState, at: Date): RatingState {
    if (!state.ratedAt || state.rd == null || state.volatility == null) return state;
    const periods = Math.floor((at.getTime() - state.ratedAt.getTime()) / this.settings.ratingPeriodMs);
    if (periods <= 0) return state;
    const rd = Math.min(this.settings.initialRd, Math.sqrt(state.rd ** 2 + (state.volatility * SCALE) ** 2 * periods));
    return { ...state, rd };
  }

  rate(teams: RatingState[][], placements: number[], at: Date): RatingUpdate[][] {
    assertGame(teams, placements);
    const composite = teams.map((team) => ({
      rating: mean(team.map((p) => p.rating)),
      rd: Math.sqrt(mean(team.map((p) => this.rdOf(p) ** 2))),
    }));
    return teams.map((team, i) => {
      const opponents = composite.filter((_, j) => j !== i);
      const scores = teams.map((_, j) => j).filter((j) => j !== i).map((j) => pairScore(placements, i, j));
      return team.map((before) => {
        const next = glicko2Update(
          { rating: before.rating, rd: this.rdOf(before), volatility: before.volatility ?? this.settings.initialVolatility },
          opponents,
          scores,
          this.settings.tau,
          false,
        );
        const after: RatingState = { ...before, rating: next.rating, rd: next.rd, volatility: next.volatility, gamesPlayed: before.gamesPlayed + 1, ratedAt: at };
        const expected = mean(opponents.map((o) => 1 / (1 + Math.exp((-g(o.rd / SCALE) * (before.rating - o.rating)) / SCALE))));
        return { before, after, change: this.display(after) - this.display(before), expected, score: averageScore(placements, i), details: {} };
      });
    });
  }

  seasonReset(state: RatingState): RatingState {
    const s = this.settings;
    return { ...state, rating: pull(state.rating, s.initialRating, s.seasonReset), rd: pull(this.rdOf(state), s.initialRd, s.seasonReset) };
  }

  uncertainty(state: RatingState): number {
    return this.rdOf(state);
  }

  private rdOf(state: RatingState): number {
    return state.rd ?? this.settings.initialRd;
  }
}
