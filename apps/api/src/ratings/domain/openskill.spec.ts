import fc from 'fast-check';
import { OpenSkillRatingSystem, OpenSkillSettings } from './openskill';
import { RatingState } from './rating-system';

const defaults: OpenSkillSettings = { model: 'plackett_luce', mu: 25, sigma: 25 / 3, beta: 25 / 6, tau: 25 / 300, displayOffset: 1000, displayScale: 40, seasonReset: 0.5 };
const at = new Date('2026-01-01T00:00:00Z');
const os = new OpenSkillRatingSystem(defaults);
const noTau = new OpenSkillRatingSystem({ ...defaults, tau: 0 });
const state = (mu: number, sigma: number): RatingState => ({ rating: 0, rd: null, volatility: null, mu, sigma, gamesPlayed: 3, ratedAt: null });

describe('OpenSkillRatingSystem (Weng-Lin, Plackett-Luce)', () => {
  it('matches the published 1v1 vector with μ 25, σ 25/3 and τ = 0', () => {
    const [[winner], [loser]] = noTau.rate([[noTau.initial()], [noTau.initial()]], [1, 2], at);
    expect(winner.after.mu).toBeCloseTo(27.63523138347365, 12);
    expect(winner.after.sigma).toBeCloseTo(8.065506316323548, 12);
    expect(loser.after.mu).toBeCloseTo(22.36476861652635, 12);
    expect(loser.after.sigma).toBeCloseTo(8.065506316323548, 12);
  });

  it('rates teams natively: a 2v2 win moves both winners up by the same amount', () => {
    const [[a, b], [c, d]] = noTau.rate([[noTau.initial(), noTau.initial()], [noTau.initial(), noTau.initial()]], [1, 2], at);
    expect(a.after.mu).toBeCloseTo(26.964185503295965, 12);
    expect(b.after.mu).toBeCloseTo(a.after.mu!, 12);
    expect(c.after.mu).toBeCloseTo(23.035814496704035, 12);
    expect(d.after.sigma).toBeCloseTo(8.17755635771097, 12);
  });

  it('shows a scaled conservative estimate: round(1000 + 40 × (μ − 3σ))', () => {
    expect(os.initial()).toMatchObject({ rating: 1000, mu: 25, sigma: 25 / 3, rd: null, volatility: null });
    const [[winner], [loser]] = noTau.rate([[noTau.initial()], [noTau.initial()]], [1, 2], at);
    expect(winner.after.rating).toBe(Math.round(1000 + 40 * (27.63523138347365 - 3 * 8.065506316323548)));
    expect(winner.change).toBe(winner.after.rating - 1000);
    expect(loser.change).toBeLessThan(0);
    expect(os.uncertainty(os.initial())).toBeCloseTo((25 / 3) * 40, 9);
  });

  it('rates a free-for-all by placement, ties included', () => {
    const results = os.rate([[os.initial()], [os.initial()], [os.initial()], [os.initial()]], [1, 2, 2, 4], at);
    const mus = results.map(([u]) => u.after.mu!);
    expect(mus[0]).toBeGreaterThan(mus[1]);
    expect(mus[1]).toBeCloseTo(mus[2], 9);
    expect(mus[2]).toBeGreaterThan(mus[3]);
  });

  it('softens a season: μ and σ halfway back to the initial values', () => {
    const reset = os.seasonReset(state(35, 2));
    expect(reset.mu).toBe(30);
    expect(reset.sigma).toBeCloseTo((2 + 25 / 3) / 2, 12);
    expect(reset.rating).toBe(os.display(reset));
  });

  describe('properties', () => {
    const mu = fc.double({ min: 0, max: 50, noNaN: true });
    const sigma = fc.double({ min: 0.5, max: 25 / 3, noNaN: true });

    it('never lowers a 1v1 winner’s μ or raises the loser’s, and σ stays positive', () => {
      fc.assert(
        fc.property(mu, sigma, mu, sigma, (m1, s1, m2, s2) => {
          const [[w], [l]] = os.rate([[state(m1, s1)], [state(m2, s2)]], [1, 2], at);
          expect(w.after.mu!).toBeGreaterThanOrEqual(m1);
          expect(l.after.mu!).toBeLessThanOrEqual(m2);
          expect(w.after.sigma!).toBeGreaterThan(0);
          expect(l.after.sigma!).toBeGreaterThan(0);
          expect(w.change).toBeGreaterThanOrEqual(-1);
        }),
      );
    });

    it('never lets σ go negative over a long run of games', () => {
      let a = os.initial();
      let b = os.initial();
      for (let i = 0; i < 200; i++) {
        const [[x], [y]] = os.rate([[a], [b]], i % 3 === 0 ? [2, 1] : [1, 2], at);
        a = x.after;
        b = y.after;
        expect(a.sigma!).toBeGreaterThan(0);
        expect(b.sigma!).toBeGreaterThan(0);
      }
    });
  });
});
