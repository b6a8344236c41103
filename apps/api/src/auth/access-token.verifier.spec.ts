import { createHmac, randomBytes } from 'node:crypto';
import type { AppConfig } from '@libs/config';
import type { AccessTokenRevocations } from './access-token-revocations';
import { AccessTokenVerifier } from './access-token.verifier';
import type { RefreshTokenStore } from './refresh-token.store';

const SECRET = 'unit-secret-that-is-at-least-32-characters-long';
const config = { jwt: { secret: SECRET, issuer: 'gsm', audience: 'gsm-clients' } } as AppConfig;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function sign(claims: Record<string, unknown>): string {
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ iss: 'gsm', aud: 'gsm-clients', ...claims })}`;
  return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`;
}

describe('AccessTokenVerifier', () => {
  const revokedFamilies = new Set<string>();
  const verifier = new AccessTokenVerifier(
    config,
    { isRevoked: async () => false } as unknown as AccessTokenRevocations,
    { isRevoked: async (familyId: string) => revokedFamilies.has(familyId) } as unknown as RefreshTokenStore,
  );
  const now = Math.floor(Date.now() / 1000);
  const familyId = randomBytes(16).toString('base64url');
  const claims = { role: 'player', sub: 'a'.repeat(24), jti: 'j1', fid: familyId, iat: now, exp: now + 60 };

  afterEach(() => jest.useRealTimers());

  it('checks expiry and revocation on every use of a token, not only the first', async () => {
    const token = sign(claims);
    await expect(verifier.verify(`Bearer ${token}`)).resolves.toEqual({ role: 'player', playerId: claims.sub, tokenId: 'j1', expiresAt: now + 60, familyId });
    await expect(verifier.verify(`bearer  ${token}`)).resolves.toMatchObject({ playerId: claims.sub });

    jest.useFakeTimers({ now: (now + 60) * 1000 });
    await expect(verifier.verify(`Bearer ${token}`)).rejects.toThrow('Access token has expired');
    jest.useRealTimers();

    revokedFamilies.add(familyId);
    await expect(verifier.verify(`Bearer ${token}`)).rejects.toThrow('Access token has been revoked');
  });

  it('rejects a forged token even when a genuine one with the same claims was seen', async () => {
    const token = sign({ ...claims, jti: 'j2', fid: undefined });
    await expect(verifier.verify(`Bearer ${token}`)).resolves.toMatchObject({ tokenId: 'j2' });
    const [h, p] = token.split('.');
    await expect(verifier.verify(`Bearer ${h}.${p}.${'A'.repeat(43)}`)).rejects.toThrow('Missing or invalid access token');
    await expect(verifier.verify(`Bearer ${sign({ ...claims, jti: 'j3', exp: undefined })}`)).rejects.toThrow('Invalid access token');
    await expect(verifier.verify(undefined)).rejects.toThrow('Missing or invalid access token');
  });
});
