import { securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  const headers = securityHeaders();

  it('computes the CSP Swagger UI runs under: own scripts only, inline styles, data: images, no framing', () => {
    expect(headers['content-security-policy']).toBe(
      "default-src 'self';base-uri 'self';connect-src 'self';font-src 'self' data:;form-action 'self';frame-ancestors 'none';" +
        "img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline'",
    );
  });

  it('includes nosniff, deny framing and no referrer', () => {
    expect(headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' });
  });
});
