import fc from 'fast-check';
import { mutuallyInside, waitedSeconds, windowFor, WindowPolicy } from './match-window';

const POLICY: WindowPolicy = { baseWindow: 100, windowGrowthPerSecond: 20, maxWindow: 400 };

describe('windowFor', () => {
  it('starts at the base window, grows per second waited and stops at the maximum', () => {
    expect(windowFor(0, POLICY)).toBe(100);
    expect(windowFor(2.5, POLICY)).toBe(150);
    expect(windowFor(15, POLICY)).toBe(400);
    expect(windowFor(600, POLICY)).toBe(400);
  });

  it('treats a negative wait (clock skew) as zero', () => {
    expect(windowFor(-3, POLICY)).toBe(100);
    expect(waitedSeconds(2000, 1000)).toBe(0);
    expect(waitedSeconds(1000, 3500)).toBe(2.5);
  });

  it('never shrinks as the wait grows and stays within [base, max]', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e5, noNaN: true }), fc.double({ min: 0, max: 1e5, noNaN: true }), (x, y) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        expect(windowFor(lo, POLICY)).toBeLessThanOrEqual(windowFor(hi, POLICY));
        expect(windowFor(lo, POLICY)).toBeGreaterThanOrEqual(POLICY.baseWindow);
        expect(windowFor(hi, POLICY)).toBeLessThanOrEqual(POLICY.maxWindow);
      }),
    );
  });
});

describe('mutuallyInside', () => {
  it('requires each rating inside the other window', () => {
    expect(mutuallyInside(1000, 100, 1100, 100)).toBe(true);
    expect(mutuallyInside(1000, 300, 1150, 100)).toBe(false);
    expect(mutuallyInside(1150, 100, 1000, 300)).toBe(false);
  });
});
