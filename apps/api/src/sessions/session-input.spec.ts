import { DEFAULT_MODE, validateMode, validatePlayerIds, validateState } from './session-input';

const id = (n: number) => n.toString(16).padStart(24, '0');

describe('validatePlayerIds', () => {
  it('accepts 2..16 distinct ids and lower-cases them', () => {
    expect(validatePlayerIds([id(1), 'ABCDEF0123456789ABCDEF01'])).toEqual([id(1), 'abcdef0123456789abcdef01']);
    expect(validatePlayerIds(Array.from({ length: 16 }, (_, i) => id(i)))).toHaveLength(16);
  });

  it('rejects too few, too many, malformed and duplicate ids with distinct codes', () => {
    expect(() => validatePlayerIds([id(1)])).toThrow(expect.objectContaining({ code: 'INVALID_PLAYER_COUNT' }));
    expect(() => validatePlayerIds(Array.from({ length: 17 }, (_, i) => id(i)))).toThrow(expect.objectContaining({ code: 'INVALID_PLAYER_COUNT' }));
    expect(() => validatePlayerIds([id(1), 'nope'])).toThrow(expect.objectContaining({ code: 'INVALID_PLAYER_IDS' }));
    expect(() => validatePlayerIds([id(1), id(1).toUpperCase()])).toThrow(expect.objectContaining({ code: 'DUPLICATE_PLAYERS' }));
  });
});

describe('validateMode', () => {
  it('defaults to ranked_1v1 and enforces the pattern', () => {
    expect(validateMode(undefined)).toBe(DEFAULT_MODE);
    expect(validateMode('casual_4v4')).toBe('casual_4v4');
    expect(() => validateMode('Ranked')).toThrow(expect.objectContaining({ code: 'INVALID_MODE' }));
    expect(() => validateMode('')).toThrow(expect.objectContaining({ code: 'INVALID_MODE' }));
  });
});

describe('validateState', () => {
  it('accepts an object within the byte limit', () => {
    expect(validateState({ round: 1, board: [[{ a: 1 }]] }, 100)).toEqual({ round: 1, board: [[{ a: 1 }]] });
  });

  it('rejects non-objects, oversized states and unstorable keys', () => {
    for (const bad of [null, [], 'x', 3]) expect(() => validateState(bad, 100)).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
    expect(() => validateState({ blob: 'x'.repeat(200) }, 100)).toThrow(expect.objectContaining({ code: 'SESSION_STATE_TOO_LARGE', kind: 'too_large' }));
    expect(() => validateState({ a: { $where: 1 } }, 100)).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
    expect(() => validateState({ 'a.b': 1 }, 100)).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
  });
});
