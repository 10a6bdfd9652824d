import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { Daemon } from '../../../src/daemon.js';
import { Lab } from '../../../src/lab/lab.js';
import { silentLogger } from '../../../src/log.js';

const GI2 = 'GigabitEthernet1/0/2';
const GI3 = 'GigabitEthernet1/0/3';

async function until(what: string, pred: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const git = (repo: string, ...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).trim();

describe('a NetBox ticket that git cannot use as a tag, against the simulated lab', () => {
  let lab: Lab;
  let dir: string;
  let repo: string;
  let daemon: Daemon | null;

  beforeEach(async () => {
    lab = await Lab.start();
    lab.netbox.strict = true;
    dir = mkdtempSync(join(tmpdir(), 'intentd-ticket-'));
    repo = join(dir, 'intent');
    daemon = null;
  });
  afterEach(async () => {
    await daemon?.stop({ timeoutMs: 5000 });
    lab.netbox.assertNoUnexpected();
    lab.webex.assertNoUnexpected();
    await lab.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const description = (iface: string) => /<description>([^<]*)<\/description>/.exec(lab.c9300.runningXml(iface))?.[1] ?? null;
  const editsTouching = (port: string) => lab.c9300.requests.filter((r) => r.operation === 'edit-config' && r.xml.includes(`<name>${port}</name>`)).length;
  const status = async (d: Daemon) => (await (await fetch(`${d.url}/api/status/c9300`)).json()) as { state: string; lastError: unknown };

  it('rejects ticket 12. (nothing reaches the device or git), then applies and audits a normal change and a drift revert', async () => {
    const yaml = lab.configYaml({ repo, listen: '127.0.0.1:0', poll: null, resync: null });
    const d = (daemon = await Daemon.start({ config: parseConfig(yaml, 'test', { env: {} }), logger: silentLogger() }));
    lab.connectWebhook(d.url);
    await d.idle();

    // 1. A ticket git refuses in a ref name: rejected input, reported once, not taken.
    lab.netbox.updateInterface('c9300', GI2, { description: 'bad ticket', ticket: '12.' });
    await until('the rejected-input report', () => lab.webex.messages.some((m) => /Rejected input from NetBox c9300 GigabitEthernet1\/0\/2/.test(m.text ?? '')));
    await lab.netbox.flushWebhooks();
    await d.idle();
    const rejected = lab.webex.messages.filter((m) => /Rejected input/.test(m.text ?? ''));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.text).toContain(`ticket '12.' must not end with "."`);
    expect(editsTouching('1/0/2')).toBe(0);
    expect(description(GI2)).toBeNull();
    expect(readFileSync(join(repo, 'devices', 'c9300.yaml'), 'utf8')).not.toContain('bad ticket');
    expect(git(repo, 'log', '--all', '--format=%B')).not.toContain('12.');
    expect(git(repo, 'tag', '-l', 'ticket/*')).toBe('');

    // 2. A normal ticketed change on the same device: applied, with its intent and audit commits.
    lab.netbox.updateInterface('c9300', GI3, { description: 'normal change', ticket: '43' });
    await until('the change on the device', () => description(GI3) === 'normal change ##ticket:43##');
    await until('the ticket cleared in NetBox', () => (lab.netbox.interfaceJson('c9300', GI3).custom_fields as Record<string, unknown>).change_ticket_number === null);
    await lab.netbox.flushWebhooks();
    await d.idle();
    const ticket43 = git(repo, 'log', '--format=%s', '--grep=^Change-Ticket: 43$').split('\n');
    expect(ticket43).toEqual(['apply(c9300): Gi1/0/3 description', 'intent(c9300): Gi1/0/3 description']);
    expect(git(repo, 'tag', '-l', 'ticket/*').split('\n')).toEqual(['ticket/43', 'ticket/43-2']);
    expect(editsTouching('1/0/2')).toBe(0);
    expect(description(GI2)).toBeNull();
    expect(await status(d)).toMatchObject({ state: 'in-sync', lastError: null });

    // 3. Drift on the same device: reverted and audited (the device's journal has nothing stuck in it).
    lab.c9300.setLeaf(GI3, 'description', 'changed by hand');
    d.nudge('c9300', 'resync');
    await until('the drift revert', () => description(GI3) === 'normal change ##ticket:43##');
    await d.idle();
    expect(git(repo, 'log', '-1', '--format=%s')).toBe('apply(c9300): Gi1/0/3 description (drift revert)');
    expect(git(repo, 'log', '-1', '--format=%(trailers:key=Reason,valueonly)')).toBe('drift revert');
    expect(git(repo, 'log', '-1', '--format=%(trailers:key=Change-Ticket,valueonly)')).toBe('43');
    expect(await status(d)).toMatchObject({ state: 'in-sync', lastError: null });
    expect(editsTouching('1/0/2')).toBe(0);
    expect(lab.webex.messages.filter((m) => /Rejected input/.test(m.text ?? ''))).toHaveLength(1);
  });

  it('gives both tickets of one NetBox change their own trailer and tag, on the intent commit and on the audit commit', async () => {
    const yaml = lab.configYaml({ repo, listen: '127.0.0.1:0', poll: null, resync: null });
    const d = (daemon = await Daemon.start({ config: parseConfig(yaml, 'test', { env: {} }), logger: silentLogger() }));
    await d.idle();
    // Two interfaces changed with two tickets, seen by one sync (no webhook: the next poll finds both).
    for (const [iface, ticket] of [[GI2, '43'], [GI3, 'CHG-42']] as const) {
      lab.netbox.data.applyRestPatch(lab.netbox.data.findInterface('c9300', iface), lab.netbox.data.toRestBody({ description: `for ${ticket}`, ticket }));
    }
    d.nudge('c9300', 'poll');
    await until('both changes on the device', () => description(GI2) === 'for 43 ##ticket:43##' && description(GI3) === 'for CHG-42 ##ticket:CHG-42##');
    await d.idle();
    const trailers = (rev: string) => git(repo, 'log', '-1', '--format=%(trailers:key=Change-Ticket,valueonly,separator=%x2C)', rev);
    const intentCommit = git(repo, 'log', '-1', '--format=%H', '--', 'devices/c9300.yaml');
    const auditCommit = git(repo, 'log', '-1', '--format=%H', '--grep=^apply(c9300): ');
    expect(git(repo, 'log', '-1', '--format=%s', auditCommit)).toBe('apply(c9300): Gi1/0/2 description; Gi1/0/3 description');
    expect([trailers(intentCommit), trailers(auditCommit)]).toEqual(['43,CHG-42', '43,CHG-42']);
    const tagged = (tag: string) => git(repo, 'rev-parse', `${tag}^{commit}`);
    expect(git(repo, 'tag', '-l', 'ticket/*').split('\n')).toEqual(['ticket/43', 'ticket/43-2', 'ticket/CHG-42', 'ticket/CHG-42-2']);
    expect([tagged('ticket/43'), tagged('ticket/CHG-42')]).toEqual([intentCommit, intentCommit]);
    expect([tagged('ticket/43-2'), tagged('ticket/CHG-42-2')]).toEqual([auditCommit, auditCommit]);
    expect(git(repo, 'log', '--format=%H', '--grep=^Change-Ticket: 43$').split('\n')).toEqual([auditCommit, intentCommit]);
  });
});
