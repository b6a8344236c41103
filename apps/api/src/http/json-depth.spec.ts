import { exceedsJsonDepth } from './json-depth';

const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

describe('exceedsJsonDepth', () => {
  it('allows nesting up to the limit and refuses one level more', () => {
    expect(exceedsJsonDepth(nested(64), 64)).toBe(false);
    expect(exceedsJsonDepth(nested(65), 64)).toBe(true);
    expect(exceedsJsonDepth(`${'['.repeat(5000)}${']'.repeat(5000)}`, 64)).toBe(true);
  });

  it('counts sibling containers once, not cumulatively', () => {
    expect(exceedsJsonDepth(`[${Array.from({ length: 1000 }, () => '{"x":[1]}').join(',')}]`, 3)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(exceedsJsonDepth(JSON.stringify({ s: '[[[[[[{{{{{{', t: 'a\\"[[[[[[' }), 2)).toBe(false);
    expect(exceedsJsonDepth('{"s":"\\\\"}', 1)).toBe(false);
  });
});
