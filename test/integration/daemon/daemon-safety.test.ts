import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyCommand } from '../../../src/cli/apply.js';
import { planCommand } from '../../../src/cli/plan.js';
import { silentLogger } from '../../../src/log.js';
import { until, useLabDaemon } from './lab-daemon.js';

const GI1 = 'GigabitEthernet1/0/1';
const GI2 = 'GigabitEthernet1/0/2';
const GI3 = 'GigabitEthernet1/0/3';

interface Status {
  state: string;
  pendingNoTicket: Array<{ interface: string }>;
  pendingAdoption: Array<{ interface: string; leaf: string }>;
  ambiguous: Array<{ interface: string; names: string[] }>;
  refused: Array<{ interface: string }>;
}

/** Management path and ticket policy, against the simulated switch through the daemon. */
describe('the daemon keeps the management path and the ticket policy', () => {
  const t = useLabDaemon('intentd-safety-');
  const edits = () => t.lab.c9300.requests.filter((r) => r.operation === 'edit-config');
  const status = () => t.status<Status>();
  const texts = () => t.lab.webex.messages.map((m) => m.text ?? m.markdown ?? '');
  const descriptionOf = (name: string) => /<description>([^<]*)<\/description>/.exec(t.lab.c9300.runningXml(name))?.[1] ?? null;
  const device = () => t.lab.netbox.data.db.devices.find((d) => d.name === 'c9300')!;
  const io = () => {
    const out: string[] = [];
    return { out, io: { out: (s: string) => void out.push(s), err: (s: string) => void out.push(s) } };
  };

  it('keeps the management port up when a second NetBox object names it in short form, and reports that once', async () => {
    const d = await t.start();
    const before = edits().length;
    const alias = t.lab.netbox.data.addInterface(device(), 'Gi1/0/1');
    alias.enabled = false;
    alias.customFields = { change_ticket_number: '666' };
    d.nudge('c9300', 'poll');
    await until('the ambiguity in status', async () => (await status()).ambiguous.length > 0);
    await d.idle();
    d.nudge('c9300', 'poll');
    await d.idle();
    expect(edits().length).toBe(before);
    expect(t.lab.c9300.runningXml(GI1)).not.toContain('<shutdown');
    expect((await status()).ambiguous).toEqual([{ interface: GI1, names: [GI1, 'Gi1/0/1'], netboxIds: [2, alias.id] }]);
    const reports = texts().filter((t) => t.includes(`NetBox c9300 ${GI1}`));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain('none is taken');
    expect(readFileSync(join(t.repo, 'devices', 'c9300.yaml'), 'utf8')).toContain('mgmt_only: true');
  });

  it('protects an interface the config names in short form, any case, with spaces', async () => {
    const d = await t.start((y) => y.replace(/^( *)- GigabitEthernet1\/0\/1$/m, '$1- "gigabitethernet1/0/2 "\n$1- Gi1/0/1'));
    expect(t.config.devices.protectedInterfaces).toEqual([GI2, GI1]);
    t.lab.netbox.updateInterface('c9300', GI2, { description: 'shut me', enabled: false, ticket: '700' });
    await until('the intent commit', () => t.git('log', '-1', '--format=%s').startsWith('intent(c9300): Gi1/0/2'));
    await d.idle();
    for (const r of edits()) expect(r.xml).not.toContain('<name>1/0/2</name>');
    expect(t.lab.c9300.runningXml(GI2)).not.toContain('<shutdown');
    expect((await status()).refused).toEqual([expect.objectContaining({ interface: GI2, reason: 'protected management interface' })]);
  });

  it('does not push an interface new in NetBox without a ticket, and takes it once it has one', async () => {
    const d = await t.start();
    const before = edits().length;
    const lo = t.lab.netbox.data.addInterface(device(), 'Loopback0');
    lo.description = 'backdoor';
    t.lab.netbox.addIpAddress('c9300', 'Loopback0', '10.66.66.66/32');
    d.nudge('c9300', 'poll');
    await until('the no-ticket report', () => texts().some((t) => t.includes('Loopback0') && t.includes('No ticket number attached')));
    await d.idle();
    d.nudge('c9300', 'poll');
    await d.idle();
    expect(edits().length).toBe(before);
    expect(t.lab.c9300.runningXml('Loopback0')).not.toContain('backdoor');
    expect(await status()).toMatchObject({ state: 'pending-no-ticket', pendingNoTicket: [expect.objectContaining({ interface: 'Loopback0' })] });
    expect(texts().filter((t) => t.includes('No ticket number attached'))).toHaveLength(1);

    t.lab.netbox.updateInterface('c9300', 'Loopback0', { ticket: '4100' });
    await until('the loopback on the device', () => descriptionOf('Loopback0') === 'backdoor ##ticket:4100##');
    await d.idle();
    expect(t.lab.c9300.runningXml('Loopback0')).toContain('10.66.66.66');
  });

  describe('a first import that differs from the device', () => {
    beforeEach(() => {
      // Saved in NetBox before intentd ever saw the device, without a ticket.
      t.lab.netbox.data.findInterface('c9300', GI3).description = 'from netbox';
    });

    it('holds the difference back as pending-adoption (status, plan, one message) until intentd apply --ticket', async () => {
      const d = await t.start();
      expect(edits()).toHaveLength(0);
      expect(descriptionOf(GI3)).toBeNull();
      expect(await status()).toMatchObject({ state: 'pending-adoption', pendingAdoption: [{ interface: GI3, leaf: 'description' }] });
      d.nudge('c9300', 'resync');
      await d.idle();
      expect(edits()).toHaveLength(0);
      const held = texts().filter((t) => t.includes('first import differs'));
      expect(held).toHaveLength(1);
      expect(held[0]).toContain(`${GI3} description`);
      expect(texts()).toHaveLength(1);
      // Interfaces the device already matches are adopted at once; only the one that differs keeps its mark.
      expect(t.git('log', '-1', '--format=%s')).toBe('adopt(c9300): 51 interfaces match the device');
      expect(readFileSync(join(t.repo, 'devices', 'c9300.yaml'), 'utf8').match(/adopted: true/g)).toHaveLength(1);
      await d.stop({ timeoutMs: 5000 });

      const plan = io();
      expect(await planCommand(t.config, { device: 'c9300' }, { logger: silentLogger() }, plan.io)).toBe(2);
      expect(plan.out.join('')).toContain('pending-adoption');
      expect(plan.out.join('')).toContain(`~ ${GI3} description`.replace('~', '+'));

      const applied = io();
      expect(await applyCommand(t.config, { device: 'c9300', ticket: '4200' }, { logger: silentLogger() }, applied.io)).toBe(0);
      expect(descriptionOf(GI3)).toBe('from netbox');
      const [adopt, audit] = t.git('log', '-2', '--format=%s%n%(trailers:key=Change-Ticket,valueonly)%x00').split('\0').map((s) => s.trim());
      expect(adopt).toBe('adopt(c9300): Gi1/0/3 applied with ticket 4200\n4200');
      expect(audit).toBe('apply(c9300): Gi1/0/3 description\n4200');
      expect(readFileSync(join(t.repo, 'devices', 'c9300.yaml'), 'utf8')).not.toContain('adopted');
      const again = io();
      expect(await planCommand(t.config, { device: 'c9300' }, { logger: silentLogger() }, again.io)).toBe(0);
    });

    it('applies an adopted interface once a ticketed NetBox change approves it', async () => {
      const d = await t.start();
      expect((await status()).state).toBe('pending-adoption');
      t.lab.netbox.updateInterface('c9300', GI3, { description: 'approved', ticket: '4300' });
      await until('the change on the device', () => descriptionOf(GI3) === 'approved ##ticket:4300##');
      await d.idle();
      expect(await status()).toMatchObject({ state: 'in-sync', pendingAdoption: [] });
    });

    it('pushes the first import with adopt: enforce', async () => {
      await t.start((y) => y.replace('requireTicket: true', 'requireTicket: true\n  adopt: enforce'));
      expect(descriptionOf(GI3)).toBe('from netbox');
      expect((await status()).state).toBe('in-sync');
      expect(texts().some((t) => t.includes('first import differs'))).toBe(false);
    });
  });
});
