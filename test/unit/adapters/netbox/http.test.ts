import { describe, expect, it } from 'vitest';
import { NetboxClient, managementAddress } from '../../../../src/adapters/netbox/client.js';
import { reasonForStatus } from '../../../../src/adapters/netbox/errors.js';
import { NetboxHttp, authorizationHeader, parseRetryAfter } from '../../../../src/adapters/netbox/http.js';
import { defaultConfig } from '../../../../src/config/defaults.js';
import { ConfigError } from '../../../../src/core/errors.js';
import { silentLogger } from '../../../../src/log.js';

describe('NetBox HTTP helpers', () => {
  it.each([
    ['0123456789abcdef0123456789abcdef01234567', 'Token 0123456789abcdef0123456789abcdef01234567'],
    ['nbt_abc.def', 'Bearer nbt_abc.def'],
    ['nbt_nodot', 'Token nbt_nodot'],
  ])('sends the token %s as %s', (token, header) => {
    expect(authorizationHeader(token)).toBe(header);
  });

  it.each<[string | null, number | null]>([
    ['3', 3000],
    ['0', 0],
    [null, null],
    ['soon', null],
    ['Wed, 21 Oct 2015 07:28:10 GMT', 10_000],
  ])('reads Retry-After %j as %j ms', (value, ms) => {
    expect(parseRetryAfter(value, Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(ms);
  });

  it.each<[number, string]>([
    [400, 'NetboxBadRequest'],
    [401, 'NetboxAuthFailed'],
    [403, 'NetboxAuthFailed'],
    [404, 'NetboxNotFound'],
    [429, 'NetboxUnavailable'],
    [502, 'NetboxUnavailable'],
  ])('classifies HTTP %i as %s', (status, reason) => {
    expect(reasonForStatus(status)).toBe(reason);
  });

  it('resolves next links against the configured base, keeping a path prefix', () => {
    const http = new NetboxHttp({ url: 'https://nb.example/netbox', token: 't', timeoutMs: 1, retries: 0, logger: silentLogger() });
    expect(http.resolve('/api/dcim/devices/', { tag: 'gitops', limit: 1000 }).toString()).toBe(
      'https://nb.example/netbox/api/dcim/devices/?tag=gitops&limit=1000',
    );
    expect(http.resolve('http://internal:8000/netbox/api/dcim/devices/?limit=1000&offset=1000').toString()).toBe(
      'https://nb.example/netbox/api/dcim/devices/?limit=1000&offset=1000',
    );
  });

  it('strips the prefix length from the primary IPv4 address', () => {
    expect(managementAddress({ id: 1, name: 'x', primary_ip4: { id: 1, address: '10.0.255.1/32' } })).toBe('10.0.255.1');
    expect(managementAddress({ id: 1, name: 'x', primary_ip4: null })).toBeNull();
  });

  it('refuses to build a client without url or token', () => {
    expect(() => NetboxClient.fromConfig(defaultConfig().netbox, silentLogger())).toThrow(ConfigError);
  });
});
