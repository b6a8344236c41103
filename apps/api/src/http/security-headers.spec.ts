import { API_SECURITY_HEADER_OPTIONS, securityHeaders, securityHeadersFor } from './security-headers';

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

  describe('on API responses', () => {
    const api = securityHeaders(API_SECURITY_HEADER_OPTIONS);

    it('lets nothing load or frame, keeps the body same-origin, unsniffed, unframed, referrer-free and HTTPS-only', () => {
      expect(api).toEqual({
        'content-security-policy': "default-src 'none';frame-ancestors 'none'",
        'cross-origin-resource-policy': 'same-origin',
        'referrer-policy': 'no-referrer',
        'strict-transport-security': headers['strict-transport-security'],
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
      });
      expect(api['strict-transport-security']).toMatch(/^max-age=\d+/);
    });

    it('leaves out only headers that steer how a browser treats a document', () => {
      const left = Object.keys(headers).filter((name) => !(name in api));
      expect(left.sort()).toEqual([
        'cross-origin-opener-policy',
        'origin-agent-cluster',
        'x-dns-prefetch-control',
        'x-download-options',
        'x-permitted-cross-domain-policies',
        'x-xss-protection',
      ]);
    });
  });

  it('gives the pages under /docs their own set and every other path the API set', () => {
    const pages = { page: '1' };
    const api = { api: '1' };
    expect(securityHeadersFor('/docs', pages, api)).toBe(pages);
    expect(securityHeadersFor('/docs/swagger-ui.css', pages, api)).toBe(pages);
    expect(securityHeadersFor('/docs-json', pages, api)).toBe(pages);
    expect(securityHeadersFor('/health/live', pages, api)).toBe(api);
    expect(securityHeadersFor('/api/v1/docs', pages, api)).toBe(api);
  });
});
