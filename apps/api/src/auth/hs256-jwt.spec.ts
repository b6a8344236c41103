import { createHmac, createSecretKey } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { verifyHs256 } from './hs256-jwt';

const SECRET = 'unit-secret-that-is-at-least-32-characters-long';
const KEY = createSecretKey(Buffer.from(SECRET, 'utf8'));
const EXPECT = { issuer: 'gsm', audience: 'gsm-clients' };
const NOW = 1_900_000_000;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs by hand (jsonwebtoken's own signer refuses some of the malformed claims tested here). */
function sign(claims: Record<string, unknown>, secret = SECRET, algorithm: 'HS256' | 'HS512' = 'HS256'): string {
  const input = `${b64({ alg: algorithm, typ: 'JWT' })}.${b64({ iss: 'gsm', aud: 'gsm-clients', iat: NOW - 10, exp: NOW + 600, sub: 'p1', ...claims })}`;
  return `${input}.${createHmac(algorithm === 'HS256' ? 'sha256' : 'sha512', secret).update(input).digest('base64url')}`;
}

/** What jsonwebtoken (the reference) says about the same token with the options the service used to pass it. */
function reference(token: string): 'ok' | 'expired' | 'rejected' {
  try {
    jwt.verify(token, SECRET, { algorithms: ['HS256'], issuer: EXPECT.issuer, audience: EXPECT.audience, clockTimestamp: NOW });
    return 'ok';
  } catch (error) {
    return (error as Error).name === 'TokenExpiredError' ? 'expired' : 'rejected';
  }
}

function ours(token: string): 'ok' | 'expired' | 'rejected' {
  const result = verifyHs256(token, KEY, EXPECT, NOW);
  return result.ok ? 'ok' : result.reason === 'expired' ? 'expired' : 'rejected';
}

describe('verifyHs256', () => {
  it('accepts a valid token and returns its claims', () => {
    const result = verifyHs256(sign({ jti: 'j1' }), KEY, EXPECT, NOW);
    expect(result).toEqual({ ok: true, claims: expect.objectContaining({ sub: 'p1', jti: 'j1', exp: NOW + 600 }) });
  });

  it('agrees with jsonwebtoken on every accepted and rejected case', () => {
    const valid = sign({});
    const [h, p, s] = valid.split('.');
    const cases: Record<string, [string, 'ok' | 'expired' | 'rejected']> = {
      valid: [valid, 'ok'],
      expired: [sign({ exp: NOW - 1 }), 'expired'],
      'expires this second': [sign({ exp: NOW }), 'expired'],
      'no exp (the caller requires it)': [sign({ exp: undefined }), 'ok'],
      'not yet valid': [sign({ nbf: NOW + 5 }), 'rejected'],
      'wrong issuer': [sign({ iss: 'other' }), 'rejected'],
      'wrong audience': [sign({ aud: 'other' }), 'rejected'],
      'audience list containing ours': [sign({ aud: ['x', 'gsm-clients'] }), 'ok'],
      'other secret': [sign({}, 'another-secret-that-is-at-least-32-characters'), 'rejected'],
      HS512: [sign({}, SECRET, 'HS512'), 'rejected'],
      'alg none': [`${b64({ alg: 'none', typ: 'JWT' })}.${p}.`, 'rejected'],
      'alg none, signature kept': [`${b64({ alg: 'none', typ: 'JWT' })}.${p}.${s}`, 'rejected'],
      'tampered payload': [`${h}.${b64({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'p2' })}.${s}`, 'rejected'],
      'tampered signature': [`${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`, 'rejected'],
      'truncated signature': [`${h}.${p}.${s.slice(0, 10)}`, 'rejected'],
      'two segments': [`${h}.${p}`, 'rejected'],
      'four segments': [`${valid}.x`, 'rejected'],
      'not base64 JSON': ['abc.def.ghi', 'rejected'],
      'string exp': [sign({ exp: String(NOW + 600) }), 'rejected'],
      empty: ['', 'rejected'],
    };
    for (const [name, [token, expected]] of Object.entries(cases)) {
      expect({ name, ours: ours(token) }).toEqual({ name, ours: expected });
      expect({ name, reference: reference(token) }).toEqual({ name, reference: expected });
    }
  });
});
