import { initialWindow } from './match-window';

describe('initialWindow', () => {
  it('keeps the base window without uncertainty (Elo) and widens it with the uncertainty, capped', () => {
    expect(initialWindow(100, 400, 0)).toBe(100);
    expect(initialWindow(100, 400, 350)).toBe(275);
    expect(initialWindow(100, 400, 60)).toBe(130);
    expect(initialWindow(100, 200, 350)).toBe(200);
    expect(initialWindow(100, 400, -5)).toBe(100);
  });
});
