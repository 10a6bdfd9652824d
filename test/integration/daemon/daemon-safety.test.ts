import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyCommand } from '../../../src/cli/apply.js';
import { planCommand } from '../../../src/cli/plan.js';
import { parseConfig } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/types.js';
import { Daemon } from '../../../src/daemon.js';
import { Lab } from '../../../src/lab/lab.js';
import { silentLogger } from '../../../src/log.js';

const GI1 = 'GigabitEthernet1/0/1';
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

interface Status {
  state: string;
  pendingNoTicket: Array<{ interface: string }>;
  pendingAdoption: Array<{ interface: string; leaf: string }>;
  ambiguous: Array<{ interface: string; names: string[] }>;
  refused: Array<{ interface: string }>;
}

/** Management path and ticket policy, against the simulated switch through the daemon (NetBox emulator strict). */
describe('the daemon keeps the management path and the ticket policy', () => {
  let lab: Lab;
  let dir: string;
  let repo: string;
  let daemon: Daemon | null;
  let config: Config;

  beforeEach(async () => {
    lab = await Lab.start();
    lab.netbox.strict = true;
    dir = mkdtempSync(join(tmpdir(), 'intentd-safety-'));
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

  async function start(edit: (yaml: string) => string = (y) => y): Promise<Daemon> {
    config = parseConfig(edit(lab.configYaml({ repo, listen: '127.0.0.1:0', poll: null, resync: null })), 'test', { env: {} });
    daemon = await Daemon.start({ config, logger: silentLogger() });
    lab.connectWebhook(daemon.url);
    await daemon.idle();
    return daemon;
  }
  const edits = () => lab.c9300.requests.filter((r) => r.operation === 'edit-config');
  const status = async (d: Daemon) => (await (await fetch(`${d.url}/api/status/c9300`)).json()) as Status;
  const texts = () => lab.webex.messages.map((m) => m.text ?? m.markdown ?? '');
  const descriptionOf = (name: string) => /<description>([^<]*)<\/description>/.exec(lab.c9300.runningXml(name))?.[1] ?? null;
  const device = () => lab.netbox.data.db.devices.find((d) => d.name === 'c9300')!;
  const io = () => {
    const out: string[] = [];
    return { out, io: { out: (s: string) => void out.push(s), err: (s: string) => void out.push(s) } };
  };

  it('keeps the management port up when a second NetBox object names it in short form, and reports that once', async () => {
    const d = await start();
    const before = edits().length;
    const alias = lab.netbox.data.addInterface(device(), 'Gi1/0/1');
    alias.enabled = false;
    alias.customFields = { change_ticket_number: '666' };
    d.nudge('c9300', 'poll');
    await until('the ambiguity in status', async () => (await status(d)).ambiguous.length > 0);
    await d.idle();
    d.nudge('c9300', 'poll');
    await d.idle();
    expect(edits().length).toBe(before);
    expect(lab.c9300.runningXml(GI1)).not.toContain('<shutdown');
    expect((await status(d)).ambiguous).toEqual([{ interface: GI1, names: [GI1, 'Gi1/0/1'], netboxIds: [2, alias.id] }]);
    const reports = texts().filter((t) => t.includes(`NetBox c9300 ${GI1}`));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain('none is taken');
    expect(readFileSync(join(repo, 'devices', 'c9300.yaml'), 'utf8')).toContain('mgmt_only: true');
  });

  it('protects an interface the config names in short form, any case, with spaces', async () => {
    const d = await start((y) => y.replace(/^( *)- GigabitEthernet1\/0\/1$/m, '$1- "gigabitethernet1/0/2 "\n$1- Gi1/0/1'));
    expect(config.devices.protectedInterfaces).toEqual([GI2, GI1]);
    lab.netbox.updateInterface('c9300', GI2, { description: 'shut me', enabled: false, ticket: '700' });
    await until('the intent commit', () => git(repo, 'log', '-1', '--format=%s').startsWith('intent(c9300): Gi1/0/2'));
    await d.idle();
    for (const r of edits()) expect(r.xml).not.toContain('<name>1/0/2</name>');
    expect(lab.c9300.runningXml(GI2)).not.toContain('<shutdown');
    expect((await status(d)).refused).toEqual([expect.objectContaining({ interface: GI2, reason: 'protected management interface' })]);
  });

  it('does not push an interface new in NetBox without a ticket, and takes it once it has one', async () => {
    const d = await start();
    const before = edits().length;
    const lo = lab.netbox.data.addInterface(device(), 'Loopback0');
    lo.description = 'backdoor';
    lab.netbox.addIpAddress('c9300', 'Loopback0', '10.66.66.66/32');
    d.nudge('c9300', 'poll');
    await until('the no-ticket report', () => texts().some((t) => t.includes('Loopback0') && t.includes('No ticket number attached')));
    await d.idle();
    d.nudge('c9300', 'poll');
    await d.idle();
    expect(edits().length).toBe(before);
    expect(lab.c9300.runningXml('Loopback0')).not.toContain('backdoor');
    expect(await status(d)).toMatchObject({ state: 'pending-no-ticket', pendingNoTicket: [expect.objectContaining({ interface: 'Loopback0' })] });
    expect(texts().filter((t) => t.includes('No ticket number attached'))).toHaveLength(1);

    lab.netbox.updateInterface('c9300', 'Loopback0', { ticket: '4100' });
    await until('the loopback on the device', () => descriptionOf('Loopback0') === 'backdoor ##ticket:4100##');
    await d.idle();
    expect(lab.c9300.runningXml('Loopback0')).toContain('10.66.66.66');
  });

  describe('a first import that differs from the device', () => {
    beforeEach(() => {
      // Saved in NetBox before intentd ever saw the device, without a ticket.
      lab.netbox.data.findInterface('c9300', GI3).description = 'from netbox';
    });

    it('holds the difference back as pending-adoption (status, plan, one message) until intentd apply --ticket', async () => {
      const d = await start();
      expect(edits()).toHaveLength(0);
      expect(descriptionOf(GI3)).toBeNull();
      expect(await status(d)).toMatchObject({ state: 'pending-adoption', pendingAdoption: [{ interface: GI3, leaf: 'description' }] });
      d.nudge('c9300', 'resync');
      await d.idle();
      expect(edits()).toHaveLength(0);
      const held = texts().filter((t) => t.includes('first import differs'));
      expect(held).toHaveLength(1);
      expect(held[0]).toContain(`${GI3} description`);
      expect(texts()).toHaveLength(1);
      // Interfaces the device already matches are adopted at once; only the one that differs keeps its mark.
      expect(git(repo, 'log', '-1', '--format=%s')).toBe('adopt(c9300): 51 interfaces match the device');
      expect(readFileSync(join(repo, 'devices', 'c9300.yaml'), 'utf8').match(/adopted: true/g)).toHaveLength(1);
      await d.stop({ timeoutMs: 5000 });
      daemon = null;

      const plan = io();
      expect(await planCommand(config, { device: 'c9300' }, { logger: silentLogger() }, plan.io)).toBe(2);
      expect(plan.out.join('')).toContain('pending-adoption');
      expect(plan.out.join('')).toContain(`~ ${GI3} description`.replace('~', '+'));

      const applied = io();
      expect(await applyCommand(config, { device: 'c9300', ticket: '4200' }, { logger: silentLogger() }, applied.io)).toBe(0);
      expect(descriptionOf(GI3)).toBe('from netbox');
      const [adopt, audit] = git(repo, 'log', '-2', '--format=%s%n%(trailers:key=Change-Ticket,valueonly)%x00').split('\0').map((s) => s.trim());
      expect(adopt).toBe('adopt(c9300): Gi1/0/3 applied with ticket 4200\n4200');
      expect(audit).toBe('apply(c9300): Gi1/0/3 description\n4200');
      expect(readFileSync(join(repo, 'devices', 'c9300.yaml'), 'utf8')).not.toContain('adopted');
      const again = io();
      expect(await planCommand(config, { device: 'c9300' }, { logger: silentLogger() }, again.io)).toBe(0);
    });

    it('applies an adopted interface once a ticketed NetBox change approves it', async () => {
      const d = await start();
      expect((await status(d)).state).toBe('pending-adoption');
      lab.netbox.updateInterface('c9300', GI3, { description: 'approved', ticket: '4300' });
      await until('the change on the device', () => descriptionOf(GI3) === 'approved ##ticket:4300##');
      await d.idle();
      expect(await status(d)).toMatchObject({ state: 'in-sync', pendingAdoption: [] });
    });

    it('pushes the first import with adopt: enforce', async () => {
      const d = await start((y) => y.replace('requireTicket: true', 'requireTicket: true\n  adopt: enforce'));
      expect(descriptionOf(GI3)).toBe('from netbox');
      expect((await status(d)).state).toBe('in-sync');
      expect(texts().some((t) => t.includes('first import differs'))).toBe(false);
    });
  });
});
