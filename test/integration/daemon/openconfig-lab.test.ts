import { describe, expect, it } from 'vitest';
import { until, useLabDaemon } from './lab-daemon.js';

const ETH2 = 'Ethernet2';
const OC_IF = 'http://openconfig.net/yang/interfaces';

describe('the daemon against an OpenConfig switch in the simulated lab', () => {
  const t = useLabDaemon('intentd-openconfig-', { openconfig: 1 });
  const description = (iface = ETH2) => /<description>([^<]*)<\/description>/.exec(t.lab.eos1.runningXml(iface))?.[1] ?? null;
  const edits = () => t.lab.eos1.requests.filter((r) => r.operation === 'edit-config');
  const ticketInNetbox = () => (t.lab.netbox.interfaceJson('eos-1', ETH2).custom_fields as Record<string, unknown>).change_ticket_number;

  it('takes a NetBox change with a ticket to the switch in OpenConfig, verifies it, audits it and clears the ticket', async () => {
    const d = await t.start();
    expect(t.git('log', '--format=%s', '--', 'devices/eos-1.yaml')).toMatch(/^intent\(eos-1\)/m);
    const sent = edits().length;
    t.lab.netbox.updateInterface('eos-1', ETH2, { description: 'Printer', ticket: '4321' });
    await until('the change on the device', () => description() === 'Printer ##ticket:4321##');
    await until('the ticket cleared in NetBox', () => ticketInNetbox() === null);
    await d.idle();
    const edit = edits().slice(sent);
    expect(edit).toHaveLength(1);
    expect(edit[0]?.xml).toContain(`<interfaces xmlns="${OC_IF}">`);
    expect(edit[0]?.xml).toContain('<description>Printer ##ticket:4321##</description>');
    expect(t.git('log', '-1', '--format=%s')).toBe(`apply(eos-1): Et2 description`);
    expect(t.git('log', '-1', '--format=%(trailers:key=Change-Ticket,valueonly)').trim()).toBe('4321');
    expect(t.git('log', '--format=%s', '--grep=^Change-Ticket: 4321$', '--', 'devices/eos-1.yaml')).toMatch(/^intent\(eos-1\)/);
    expect(await t.status('eos-1')).toMatchObject({ state: 'in-sync', lastError: null });
    // The c9300 beside it is untouched by the change.
    expect(t.git('log', '--format=%s', '--grep=4321')).not.toMatch(/c9300/);
  });

  it('reverts drift on the OpenConfig switch at the next resync and records it', async () => {
    const d = await t.start();
    t.lab.netbox.updateInterface('eos-1', ETH2, { description: 'Printer', ticket: '4321' });
    await until('the change on the device', () => description() === 'Printer ##ticket:4321##');
    await d.idle();
    await t.lab.eos1.oobEdit(`<interfaces xmlns="${OC_IF}"><interface><name>${ETH2}</name><config><name>${ETH2}</name><description>by hand</description></config></interface></interfaces>`);
    expect(description()).toBe('by hand');
    d.nudge('eos-1', 'resync');
    await until('the drift reverted', () => description() === 'Printer ##ticket:4321##');
    await d.idle();
    expect(t.git('log', '-1', '--format=%s')).toBe(`apply(eos-1): Et2 description (drift revert)`);
    await until('the drift alert', () => t.lab.webex.messages.some((m) => /eos-1: drift reverted/.test(m.text ?? '')));
  });
});
