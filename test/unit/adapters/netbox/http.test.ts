import { describe, expect, it } from 'vitest';
import { NetboxClient, managementAddress } from '../../../../src/adapters/netbox/client.js';
import { reasonForStatus } from '../../../../src/adapters/netbox/errors.js';
import { NetboxHttp, authorizationHeader } from '../../../../src/adapters/netbox/http.js';
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

  it('takes a plain-http next link of a TLS-terminating proxy onto the configured https origin', () => {
    const http = new NetboxHttp({ url: 'https://nb.example/netbox', token: 't', timeoutMs: 1, retries: 0, logger: silentLogger() });
    expect(http.nextLink('http://nb.example/netbox/api/dcim/interfaces/?limit=1000&offset=1000').toString()).toBe(
      'https://nb.example/netbox/api/dcim/interfaces/?limit=1000&offset=1000',
    );
    expect(() => http.nextLink('http://nb.example:8080/netbox/api/dcim/interfaces/')).toThrow(/not the configured/);
    expect(() => http.nextLink('//evil.example/netbox/api/dcim/interfaces/')).toThrow(/evil\.example/);
  });

  it('strips the prefix length from the primary IPv4 address', () => {
    expect(managementAddress({ id: 1, name: 'x', primary_ip4: { id: 1, address: '10.0.255.1/32' } })).toBe('10.0.255.1');
    expect(managementAddress({ id: 1, name: 'x', primary_ip4: null })).toBeNull();
  });

  it('refuses to build a client without url or token', () => {
    expect(() => NetboxClient.fromConfig(defaultConfig().netbox, silentLogger())).toThrow(ConfigError);
  });
});
