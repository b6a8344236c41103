import { rate as openSkillRate, type Model } from 'openskill';
import { averageScore } from './elo';
import { assertGame, mean, pull, RatingState, RatingSystem, RatingUpdate } from './rating-system';

export const OPENSKILL_MODELS = ['plackett_luce', 'bradley_terry_full', 'bradley_terry_part', 'thurstone_mosteller_full', 'thurstone_mosteller_part'] as const;
export type OpenSkillModelName = (typeof OPENSKILL_MODELS)[number];

export interface OpenSkillSettings {
  model: OpenSkillModelName;
  mu: number;
  sigma: number;
  beta: number;
  /** Added to σ before each game so that it never collapses to 0 (0 turns it off). */
  tau: number;
  /** displayed rating = round(displayOffset + displayScale × (μ − 3σ)). */
  displayOffset: number;
  displayScale: number;
  /** Fraction of the distance to the initial μ and σ a season reset removes (0..1). */
  seasonReset: number;
}

// The package's models live behind a subpath export that the project's CommonJS module resolution cannot type.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const models = require('openskill/models') as Record<string, Model>;
const MODEL_EXPORTS: Record<OpenSkillModelName, string> = {
  plackett_luce: 'plackettLuce',
  bradley_terry_full: 'bradleyTerryFull',
  bradley_terry_part: 'bradleyTerryPart',
  thurstone_mosteller_full: 'thurstoneMostellerFull',
  thurstone_mosteller_part: 'thurstoneMostellerPart',
};

/**
 * OpenSkill (Weng-Lin Bayesian approximation), through the `openskill` package: teams and free-for-all natively,
 * placements as ranks. The displayed rating is a linear scale of the conservative estimate μ − 3σ, so a new player
 * (μ 25, σ 25/3) shows `displayOffset` and a player only climbs once the system is confident they are good.
 */
export class OpenSkillRatingSystem extends RatingSystem {
  readonly system = 'openskill' as const;
  private readonly model: Model;

  constructor(readonly settings: OpenSkillSettings) {
    super();
    this.model = models[MODEL_EXPORTS[settings.model]];
  }

  initial(): RatingState {
    return this.withRating({ rating: 0, rd: null, volatility: null, mu: this.settings.mu, sigma: this.settings.sigma, gamesPlayed: 0, ratedAt: null });
  }

  display(state: RatingState): number {
    const mu = state.mu ?? this.settings.mu;
    const sigma = state.sigma ?? this.settings.sigma;
    return Math.round(this.settings.displayOffset + this.settings.displayScale * (mu - 3 * sigma)) + 0;
  }

  rate(teams: RatingState[][], placements: number[], at: Date): RatingUpdate[][] {
    assertGame(teams, placements);
    const s = this.settings;
    const input = teams.map((team) => team.map((p) => ({ mu: p.mu ?? s.mu, sigma: p.sigma ?? s.sigma })));
    const rated = openSkillRate(input, { model: this.model, mu: s.mu, sigma: s.sigma, beta: s.beta, tau: s.tau, rank: placements });
    const strength = input.map((team) => mean(team.map((p) => p.mu)));
    return teams.map((team, i) =>
      team.map((before, n) => {
        const after = this.withRating({ ...before, mu: rated[i][n].mu, sigma: rated[i][n].sigma, gamesPlayed: before.gamesPlayed + 1, ratedAt: at });
        const others = strength.filter((_, j) => j !== i);
        const expected = mean(others.map((o) => 1 / (1 + Math.exp(-(strength[i] - o) / s.beta))));
        return { before, after, change: after.rating - this.display(before), expected, score: averageScore(placements, i), details: {} };
      }),
    );
  }

  seasonReset(state: RatingState): RatingState {
    const s = this.settings;
    return this.withRating({ ...state, mu: pull(state.mu ?? s.mu, s.mu, s.seasonReset), sigma: pull(state.sigma ?? s.sigma, s.sigma, s.seasonReset) });
  }

  uncertainty(state: RatingState): number {
    return (state.sigma ?? this.settings.sigma) * this.settings.displayScale;
  }

  private withRating(state: RatingState): RatingState {
    return { ...state, rating: this.display(state) };
  }
}
