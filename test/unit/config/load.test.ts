import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { loadConfig, parseConfig } from '../../../src/config/load.js';

const FULL = `
http:      { listen: "127.0.0.1:12345" }
netbox:    { url: "http://nb.local", token: "\${NB_TOKEN}", webhookSecret: s3cret, poll: "*/5 * * * *", deviceFilter: { tag: gitops }, ticketField: change_ticket_number }
intent:    { repo: "./var/intent", remote: null }
devices:
  defaults:  { port: 830, username: admin, password: "\${DEV_PW:-cisco}", platform: iosxe }
  overrides: { c9300: { host: 127.0.0.1, port: 8830 } }
  protectedInterfaces: [ GigabitEthernet1/0/1 ]
reconcile: { mode: enforce, requireTicket: true, resync: "*/10 * * * *", concurrency: 8 }
webex:     { baseUrl: "https://webexapis.com/v1", token: t, roomId: r1 }
`;

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('config loading', () => {
  it('accepts the documented keys, interpolates env and fills defaults', () => {
    const cfg = parseConfig(FULL, 'intentd.yaml', { env: { NB_TOKEN: 'abc' } });
    expect(cfg.netbox.token).toBe('abc');
    expect(cfg.devices.defaults.password).toBe('cisco');
    expect(cfg.devices.defaults.timeoutMs).toBe(30_000);
    expect(cfg.devices.overrides.c9300).toEqual({ host: '127.0.0.1', port: 8830 });
    expect(cfg.webex?.roomId).toBe('r1');
    expect(cfg.reconcile.confirmTimeoutSec).toBe(120);
    expect(Object.isFrozen(cfg.netbox)).toBe(true);
  });

  it('names the file and the missing variable when ${VAR} is unset', () => {
    const problems = problemsOf(() => parseConfig(FULL, 'intentd.yaml', { env: {} }));
    expect(problems).toContain('/netbox/token: environment variable NB_TOKEN is not set');
  });

  it('reports path and reason for schema violations', () => {
    const problems = problemsOf(() =>
      parseConfig('reconcile: { mode: yolo, concurrency: 0 }\nbogus: 1\n', 'x.yaml', { env: {} }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining("x.yaml: (root): must NOT have additional properties 'bogus'"),
        expect.stringContaining('x.yaml: /reconcile/mode: must be equal to one of the allowed values'),
        expect.stringContaining('x.yaml: /reconcile/concurrency: must be >= 1'),
      ]),
    );
  });

  it('rejects invalid YAML with the file name', () => {
    expect(() => parseConfig('http: [unclosed', 'bad.yaml', { env: {} })).toThrow(/bad.yaml: invalid YAML/);
  });

  it('takes secrets from env and *_FILE over the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'intentd-cfg-'));
    writeFileSync(join(dir, 'tok'), 'from-file\n');
    const cfg = parseConfig(FULL, 'intentd.yaml', {
      env: { NB_TOKEN: 'abc', INTENTD_NETBOX_TOKEN_FILE: join(dir, 'tok'), INTENTD_DEVICE_PASSWORD: 'pw' },
    });
    expect(cfg.netbox.token).toBe('from-file');
    expect(cfg.devices.defaults.password).toBe('pw');
  });

  it('refuses an invalid cron expression', () => {
    expect(problemsOf(() => parseConfig('netbox: { poll: "every five minutes" }', 'c.yaml', { env: {} }))).toEqual([
      'c.yaml: /netbox/poll: not a valid cron expression: "every five minutes"',
    ]);
  });

  it('refuses webex without a recipient', () => {
    expect(() => parseConfig('webex: { token: t }', 'w.yaml', { env: {} })).toThrow(ConfigError);
  });

  it('takes the Webex card-action keys: approvers and quiet period default, the webhook secret from env too', () => {
    const cfg = parseConfig('webex: { token: t, roomId: r }', 'w.yaml', { env: { INTENTD_WEBEX_WEBHOOK_SECRET: 'from-env-0123456789' } });
    expect(cfg.webex).toMatchObject({ approvers: [], incidentQuietMs: 600_000, webhookSecret: 'from-env-0123456789' });
    const set = parseConfig('webex: { token: t, roomId: r, approvers: [boss@example.com], incidentQuietMs: 5000 }', 'w.yaml', { env: {} });
    expect(set.webex).toMatchObject({ approvers: ['boss@example.com'], incidentQuietMs: 5000 });
    expect(set.webex?.webhookSecret).toBeUndefined();
    expect(() => parseConfig('webex: { token: t, roomId: r, webhookSecret: short }', 'w.yaml', { env: {} })).toThrow(ConfigError);
  });

  it('refuses a YAML alias bomb', () => {
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x,x]'];
    for (let i = 0; i < 8; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`);
    expect(problemsOf(() => parseConfig(bomb.join('\n'), 'bomb.yaml', { env: {} }))[0]).toMatch(/bomb.yaml: .*alias/i);
  });

  it('uses defaults when there is no file, and reports an unreadable file', () => {
    expect(loadConfig(null, { env: {} }).http.listen).toBe('127.0.0.1:12345');
    expect(() => loadConfig('/nonexistent/intentd.yaml', { env: {} })).toThrow(/cannot read config/);
  });

  it('expands protected interfaces given in short form, any case or with spaces to canonical names', () => {
    const cfg = parseConfig('devices: { protectedInterfaces: [ Gi1/0/48, "gigabitethernet1/0/47", "GigabitEthernet1/0/46 ", " te1/1/1", Gi1/0/48 ] }', 'p.yaml', { env: {} });
    expect(cfg.devices.protectedInterfaces).toEqual([
      'GigabitEthernet1/0/48',
      'GigabitEthernet1/0/47',
      'GigabitEthernet1/0/46',
      'TenGigabitEthernet1/1/1',
    ]);
  });

  it('refuses a protected interface entry that is not an interface name, naming the entry', () => {
    expect(problemsOf(() => parseConfig('devices: { protectedInterfaces: [ Gi1/0/1, mgmt-port ] }', 'p.yaml', { env: {} }))).toEqual([
      'p.yaml: /devices/protectedInterfaces/1: "mgmt-port" is not an interface name (e.g. GigabitEthernet1/0/1, Gi1/0/1)',
    ]);
  });

});

describe('reconcile.revertTimerMin', () => {
  it('is off (null) by default and takes 1..120 minutes', () => {
    expect(parseConfig('', 'x.yaml', { env: {} }).reconcile.revertTimerMin).toBeNull();
    expect(parseConfig('reconcile: { revertTimerMin: 5 }\n', 'x.yaml', { env: {} }).reconcile.revertTimerMin).toBe(5);
    expect(problemsOf(() => parseConfig('reconcile: { revertTimerMin: 121 }\n', 'x.yaml', { env: {} }))).toEqual([
      expect.stringContaining('/reconcile/revertTimerMin: must be <= 120'),
    ]);
  });
});
