import { clientAddress, fastifyTrustProxy, normalizeIp } from './client-address';

describe('clientAddress', () => {
  it('uses the derived address when it is an IP, else the socket peer', () => {
    expect(clientAddress('203.0.113.9', '10.0.0.1')).toBe('203.0.113.9');
    for (const bad of ['}{evil}x', 'evil, 1.2.3.4', '1.2.3.4:80', '', undefined, '999.1.1.1']) {
      expect(clientAddress(bad, '10.0.0.1')).toBe('10.0.0.1');
    }
    expect(clientAddress(undefined, undefined)).toBe('unknown');
  });

  it('turns IPv4-mapped IPv6 into IPv4 and counts IPv6 per /64', () => {
    expect(normalizeIp('::ffff:198.51.100.4')).toBe('198.51.100.4');
    expect(normalizeIp('2001:db8:abcd:12:1:2:3:4')).toBe('2001:db8:abcd:12::/64');
    expect(normalizeIp('2001:db8:abcd:12::ffff')).toBe('2001:db8:abcd:12::/64');
    expect(normalizeIp('2001:DB8::1')).toBe('2001:db8:0:0::/64');
    expect(normalizeIp('::1')).toBe('0:0:0:0::/64');
  });
});

describe('fastifyTrustProxy', () => {
  it('trusts exactly the N nearest hops for a hop count, and passes lists and false through', () => {
    const trust = fastifyTrustProxy(2);
    if (typeof trust !== 'function') throw new Error('a hop count must become a trust function');
    expect([0, 1, 2, 3].map((hop) => trust('198.51.100.7', hop))).toEqual([true, true, false, false]);
    expect(fastifyTrustProxy(['10.0.0.0/8'])).toEqual(['10.0.0.0/8']);
    expect(fastifyTrustProxy(false)).toBe(false);
  });
});
