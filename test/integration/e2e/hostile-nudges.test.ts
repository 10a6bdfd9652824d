// Issue 10 item 5: nobody without the API token can make intentd do anything, and nudges for names it does
// not manage cost nothing — no NetBox query (strict emulator), no status entry, no Webex message.
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeNetconfd } from '../../harness/netconfd.js';
import { type DaemonUnderTest } from './daemon-under-test.js';
import { API_TOKEN, DEVICE, type LabStack } from './lab-stack.js';
import { useRunningStack } from './running-stack.js';

const nudge = (url: string, device: string, token?: string) =>
  fetch(`${url}/api/reconcile/${encodeURIComponent(device)}`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {} });

describeNetconfd('e2e: hostile nudges', () => {
  let stack: LabStack;
  let dut: DaemonUnderTest;

  useRunningStack((s) => ({ stack, dut } = s));

  const snapshot = async () => ({
    netbox: stack.netbox.requests.length,
    webex: stack.webex.messages.length,
    devices: ((await (await fetch(`${dut.daemon.url}/api/status`)).json()) as { devices: Array<{ device: string }> }).devices.map((d) => d.device),
  });

  it('refuses an unauthenticated flood of 200 nudges: all 401, nothing queried, recorded or told', async () => {
    const before = await snapshot();
    const names = Array.from({ length: 200 }, (_, i) => (i % 10 === 0 ? DEVICE : `sw-${randomBytes(4).toString('hex')}`));
    const statuses = await Promise.all(names.map(async (n) => (await nudge(dut.daemon.url, n)).status));
    expect(new Set(statuses)).toEqual(new Set([401]));
    const wrong = await Promise.all(names.slice(0, 20).map(async (n) => (await nudge(dut.daemon.url, n, 'not-the-token')).status));
    expect(new Set(wrong)).toEqual(new Set([401]));
    await dut.daemon.idle();
    expect(await snapshot()).toEqual(before);
    expect(dut.events.filter((e) => e.type === 'nudge' && e.reason === 'api')).toEqual([]);
  });

  it('with the token: a managed device is reconciled, 200 unknown names get 404 and cost nothing', async () => {
    const before = await snapshot();
    const unknown = Array.from({ length: 200 }, () => `sw-${randomBytes(4).toString('hex')}`);
    const statuses = await Promise.all(unknown.map(async (n) => (await nudge(dut.daemon.url, n, API_TOKEN)).status));
    expect(new Set(statuses)).toEqual(new Set([404]));
    expect((await nudge(dut.daemon.url, 'bad/name', API_TOKEN)).status).toBe(400);
    expect((await nudge(dut.daemon.url, 'x y', API_TOKEN)).status).toBe(400);
    await dut.daemon.idle();
    expect(await snapshot()).toEqual(before);

    const reconciled = dut.events.length;
    const res = await nudge(dut.daemon.url, DEVICE, API_TOKEN);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: true, device: DEVICE });
    await dut.daemon.idle();
    expect(dut.events.slice(reconciled).some((e) => e.device === DEVICE && e.type === 'in-sync'), dut.tail()).toBe(true);
    expect(stack.netbox.requests.length).toBeGreaterThan(before.netbox);
  });
});
