import { formatRefreshToken, hashRefreshSecret, isFamilyId, newFamilyId, newRefreshToken, parseRefreshToken } from './refresh-token';

describe('refresh token format', () => {
  it('round-trips through format and parse', () => {
    const token = newRefreshToken(newFamilyId());
    expect(isFamilyId(token.familyId)).toBe(true);
    expect(parseRefreshToken(formatRefreshToken(token))).toEqual(token);
  });

  it('gives every token of a family its own secret', () => {
    const familyId = newFamilyId();
    const a = newRefreshToken(familyId);
    const b = newRefreshToken(familyId);
    expect(a.familyId).toBe(b.familyId);
    expect(a.secret).not.toBe(b.secret);
    expect(newFamilyId()).not.toBe(familyId);
  });

  it('rejects anything that is not exactly family.secret', () => {
    const valid = formatRefreshToken(newRefreshToken(newFamilyId()));
    const [family, secret] = valid.split('.');
    for (const raw of [
      '',
      family,
      `${family}.`,
      `.${secret}`,
      `${family}.${secret}.x`,
      `${family}.${secret}x`,
      `${family}x.${secret}`,
      ` ${valid}`,
      `${valid}\n`,
      `${family}.${secret.slice(0, -1)}+`,
      `{${family.slice(1)}.${secret}`,
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
    ]) {
      expect(parseRefreshToken(raw)).toBeNull();
    }
  });

  it('hashes the secret to a stable hex digest that differs from the secret', () => {
    const { secret } = newRefreshToken(newFamilyId());
    expect(hashRefreshSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRefreshSecret(secret)).toBe(hashRefreshSecret(secret));
    expect(hashRefreshSecret(secret)).not.toContain(secret);
    const other = `${secret[0] === 'A' ? 'B' : 'A'}${secret.slice(1)}`;
    expect(hashRefreshSecret(other)).not.toBe(hashRefreshSecret(secret));
  });

  it('rejects malformed family ids', () => {
    expect(isFamilyId('short')).toBe(false);
    expect(isFamilyId('{aaaaaaaaaaaaaaaaaaaaa')).toBe(false);
    expect(isFamilyId(42)).toBe(false);
  });
});
