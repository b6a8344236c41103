/**
 * Uncertainty-aware initial matchmaking window: a player the pool is unsure about starts with a wider window, so new
 * players find a match quickly, and settled players (small uncertainty) get close games.
 *
 *   initial window = min(max_window, base_window + UNCERTAINTY_WINDOW_FACTOR × uncertainty)
 *
 * `uncertainty` is on the displayed scale: Glicko-2 RD, OpenSkill σ × display scale, 0 for Elo (so Elo keeps today's
 * windows). With the shipped pools a new Glicko-2 player (RD 350) starts at 100 + 175 = 275 and one with RD 60 at 130.
 */
export const UNCERTAINTY_WINDOW_FACTOR = 0.5;

/** Whole rating points a player's initial window gains from their uncertainty (what a queue ticket stores). */
export function uncertaintyBonus(uncertainty: number): number {
  return uncertainty > 0 ? Math.round(UNCERTAINTY_WINDOW_FACTOR * uncertainty) : 0;
}

export function initialWindow(baseWindow: number, maxWindow: number, uncertainty: number): number {
  return Math.min(maxWindow, baseWindow + uncertaintyBonus(uncertainty));
}
