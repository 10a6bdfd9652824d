import { describe, expect, it } from 'vitest';
import { until, useLabDaemon } from './lab-daemon.js';
import { planCommand } from '../../../src/cli/plan.js';
import { silentLogger } from '../../../src/log.js';

const GI2 = 'GigabitEthernet1/0/2';

describe('a git revert of a NetBox change keeps NetBox truthful', () => {
  const t = useLabDaemon('intentd-revert-');
  const description = () => /<description>([^<]*)<\/description>/.exec(t.lab.c9300.runningXml(GI2))?.[1] ?? null;
  const mtu = () => /<mtu>([^<]*)<\/mtu>/.exec(t.lab.c9300.runningXml(GI2))?.[1] ?? null;
  const edits = () => t.lab.c9300.requests.filter((r) => r.operation === 'edit-config').length;
  const netbox = () => t.lab.netbox.interfaceJson('c9300', GI2) as { description: string; mtu: number | null };

  /** A ticketed NetBox change applied to the device, then `git revert` of its intent commit by an operator. */
  const changeThenRevert = async (): Promise<{ revert: string; original: { description: string; mtu: number | null } }> => {
    const original = { description: netbox().description, mtu: netbox().mtu };
    t.lab.netbox.updateInterface('c9300', GI2, { description: 'to be reverted', mtu: 9000, ticket: '1001' });
    await until('the change on the device', () => description() === 'to be reverted ##ticket:1001##' && mtu() === '9000');
    await t.daemon.idle();
    const intentCommit = t.git('log', '--format=%H', '--grep=^Change-Ticket: 1001$', '--', 'devices/c9300.yaml');
    t.git('revert', '--no-edit', intentCommit);
    return { revert: t.git('rev-parse', 'HEAD'), original };
  };

  it('restores the device and NetBox both, with a journal entry naming the revert and its author; a later poll changes nothing', async () => {
    const d = await t.start();
    const { revert, original } = await changeThenRevert();
    await until('the revert on the device', () => description() === null && mtu() === null);
    await until('NetBox written back', () => netbox().description === original.description && netbox().mtu === original.mtu);
    await d.idle();
    const journal = t.lab.netbox.journal('c9300', GI2).filter((j) => j.comments.includes(`git revert ${revert}`));
    expect(journal).toEqual([expect.objectContaining({ kind: 'info', comments: expect.stringContaining('by Operator <op@example.com>') })]);
    expect(journal[0]?.comments).toContain("wrote back description = null, mtu = null on c9300 GigabitEthernet1/0/2");
    expect((await t.status<{ state: string; divergedFromNetbox: unknown }>()).divergedFromNetbox).toBeNull();
    const head = t.git('rev-parse', 'HEAD');
    const sent = edits();
    d.nudge('c9300', 'poll');
    await d.idle();
    expect(t.git('rev-parse', 'HEAD')).toBe(head);
    expect(edits()).toBe(sent);
    expect((await t.status<{ state: string; pendingNoTicket: unknown[] }>())).toMatchObject({ state: 'in-sync', pendingNoTicket: [] });
  });

  it('with netbox.writeBackReverts false leaves NetBox as it is and reports diverged-from-netbox', async () => {
    const d = await t.start((y) => y.replace('  ticketField: change_ticket_number\n', '  ticketField: change_ticket_number\n  writeBackReverts: false\n'));
    expect(d.config.netbox.writeBackReverts).toBe(false);
    const { revert } = await changeThenRevert();
    await until('the revert on the device', () => description() === null && mtu() === null);
    await d.idle();
    expect(netbox()).toMatchObject({ description: 'to be reverted', mtu: 9000 });
    expect(t.lab.netbox.journal('c9300', GI2).filter((j) => j.comments.includes('git revert'))).toEqual([]);
    const status = await t.status<{ state: string; divergedFromNetbox: unknown }>();
    expect(status).toMatchObject({
      state: 'diverged-from-netbox',
      divergedFromNetbox: { revert, author: 'Operator <op@example.com>', interfaces: [{ interface: GI2, fields: ['description', 'mtu'] }], writeBack: false },
    });
    let out = '';
    expect(await planCommand(d.config, {}, { logger: silentLogger() }, { out: (s) => void (out += s), err: () => undefined })).toBe(0);
    expect(out).toContain(`diverged-from-netbox: ${GI2} description, mtu (git revert ${revert.slice(0, 12)} by Operator <op@example.com>`);
    expect(netbox()).toMatchObject({ description: 'to be reverted', mtu: 9000 });
  });
});
