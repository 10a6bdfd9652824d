// Issue 6, "Done when" (b): the daemon, run as `intentd run -c FILE`, is SIGKILLed right after it accepted
// the webhook of a ticketed change; started again it converges from git + NetBox + device, losing nothing.
// Uses dist/src/cli.js: rebuilt in beforeAll only when older than src/ (npm test builds before vitest).
import { expect, it } from 'vitest';
import { describeNetconfd } from '../../harness/netconfd.js';
import { spawnDaemon, waitInSync, type DaemonProcess } from './daemon-process.js';
import { DEVICE, type LabStack } from './lab-stack.js';
import { commits, DeviceProbe, waitFor } from './probes.js';
import { useSpawnedStack } from './running-stack.js';

const GI4 = 'GigabitEthernet1/0/4';

describeNetconfd('e2e: daemon SIGKILLed mid-reconcile and restarted', () => {
  let stack: LabStack;
  let probe: DeviceProbe;
  let configFile: string;
  let url: string;
  let proc: DaemonProcess | undefined;

  useSpawnedStack((s) => ({ stack, probe, configFile, url } = s), () => proc);

  it('converges after a restart and exits 0 on SIGTERM, with every step of the change recorded once', async () => {
    proc = await spawnDaemon(configFile, url);
    await waitInSync(url, DEVICE);

    stack.netbox.updateInterface(DEVICE, GI4, { description: 'Voice desk 4', ticket: '4242' });
    await waitFor('the webhook accepted', () => stack.netbox.deliveries.some((d) => d.status === 202), 10_000);
    proc.child.kill('SIGKILL');
    expect((await proc.exited).signal).toBe('SIGKILL');

    proc = await spawnDaemon(configFile, url);
    await waitFor('the description on the device', async () =>
      (await probe.leaf('1/0/4', ['description'])) === 'Voice desk 4 ##ticket:4242##', 30_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${proc?.tail()}`);
    });
    await waitFor('the ticket cleared in NetBox', () =>
      (stack.netbox.interfaceJson(DEVICE, GI4).custom_fields as Record<string, unknown>).change_ticket_number === null);
    await waitFor('the Webex message', () => stack.webex.messages.some((m) => m.text?.includes('ticket 4242')));
    await stack.netbox.flushWebhooks();
    await waitInSync(url, DEVICE);

    const ticketed = (await commits(stack.repo)).filter((c) => /^Change-Ticket: 4242$/m.test(c.body));
    expect(ticketed.filter((c) => c.subject.startsWith(`intent(${DEVICE}):`)), proc.tail()).toHaveLength(1);
    expect(ticketed.filter((c) => c.subject.startsWith(`apply(${DEVICE}):`))).toHaveLength(1);
    expect(stack.netbox.journal(DEVICE, GI4).filter((j) => j.kind === 'success')).toHaveLength(1);
    expect(stack.webex.messages.filter((m) => m.text?.includes('ticket 4242'))).toHaveLength(1);

    proc.child.kill('SIGTERM');
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    proc = undefined;
  }, 90_000);
});
