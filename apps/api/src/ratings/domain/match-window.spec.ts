import { initialWindow, uncertaintyBonus } from './match-window';

describe('initialWindow', () => {
  it('keeps the base window without uncertainty (Elo) and widens it with the uncertainty, capped', () => {
    expect(initialWindow(100, 400, 0)).toBe(100);
    expect(initialWindow(100, 400, 350)).toBe(275);
    expect(initialWindow(100, 400, 60)).toBe(130);
    expect(initialWindow(100, 200, 350)).toBe(200);
    expect(initialWindow(100, 400, -5)).toBe(100);
  });
});

describe('uncertaintyBonus', () => {
  it('is half the uncertainty in whole points, never negative, 0 for Elo', () => {
    expect(uncertaintyBonus(0)).toBe(0);
    expect(uncertaintyBonus(350)).toBe(175);
    expect(uncertaintyBonus(60.4)).toBe(30);
    expect(uncertaintyBonus(-5)).toBe(0);
  });
});
