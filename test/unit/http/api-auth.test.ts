import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { authFailure, checkBearer } from '../../../src/http/api-auth.js';
import { checkServeConfig } from '../../../src/config/serve-checks.js';
import { parseConfig } from '../../../src/config/load.js';

describe('checkBearer', () => {
  const token = 'a-long-enough-api-token';
  it('accepts the configured token, case-insensitive scheme', () => {
    expect(checkBearer(token, `Bearer ${token}`)).toBe('ok');
    expect(checkBearer(token, `bearer ${token}`)).toBe('ok');
  });
  it('tells a missing header or scheme from a wrong token', () => {
    expect(checkBearer(token, undefined)).toBe('missing');
    expect(checkBearer(token, token)).toBe('missing');
    expect(checkBearer(token, `Basic ${token}`)).toBe('missing');
    expect(checkBearer(token, `Bearer ${token}x`)).toBe('invalid');
    expect(checkBearer(token, 'Bearer a')).toBe('invalid');
  });
  it('authorizes nobody when no token is configured', () => {
    expect(checkBearer(null, 'Bearer anything')).toBe('disabled');
    expect(checkBearer('', 'Bearer ')).toBe('disabled');
  });
  it('answers 401 with a challenge when a token would help, 403 when none can', () => {
    expect(authFailure('missing')).toMatchObject({ status: 401, challenge: true });
    expect(authFailure('invalid')).toMatchObject({ status: 401, challenge: true });
    expect(authFailure('disabled')).toMatchObject({ status: 403, challenge: false });
  });
});

describe('configuration of the HTTP surface', () => {
  const nb = 'netbox: { url: "http://netbox.example", token: t }\n';
  it('refuses to serve NetBox webhooks without a secret unless unsigned webhooks are allowed', () => {
    expect(() => checkServeConfig(parseConfig(nb, 'c.yaml', { env: {} }), 'c.yaml')).toThrow(
      expect.objectContaining({ reason: 'ConfigInvalid', problems: [expect.stringMatching(/\/netbox\/webhookSecret: not set/)] }),
    );
    const allowed = parseConfig(`netbox: { url: "http://netbox.example", token: t, allowUnsignedWebhooks: true }\n`, 'c.yaml', { env: {} });
    expect(checkServeConfig(allowed)).toEqual([expect.stringMatching(/unsigned webhooks are accepted/)]);
    const signed = parseConfig(`netbox: { url: "http://netbox.example", token: t, webhookSecret: s }\n`, 'c.yaml', { env: {} });
    expect(checkServeConfig(signed)).toEqual([]);
  });
  it('needs no secret when NetBox is not configured (no webhook route)', () => {
    expect(checkServeConfig(parseConfig('', 'c.yaml', { env: {} }))).toEqual([]);
  });
  it('reads the API token from INTENTD_API_TOKEN_FILE and defaults the rate limit', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'intentd-token-')), 'token');
    writeFileSync(file, 'from-a-file-api-token\n');
    expect(parseConfig('', 'c.yaml', { env: { INTENTD_API_TOKEN_FILE: file } }).http.apiToken).toBe('from-a-file-api-token');
    const c = parseConfig('', 'c.yaml', { env: { INTENTD_API_TOKEN: 'from-the-environment-token' } });
    expect(c.http.apiToken).toBe('from-the-environment-token');
    expect(c.http.rateLimit).toEqual({ max: 300, windowMs: 60_000 });
    expect(parseConfig('', 'c.yaml', { env: {} }).http.apiToken).toBeNull();
  });
});
