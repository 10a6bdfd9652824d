import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { until, useLabDaemon } from './lab-daemon.js';

const GI2 = 'GigabitEthernet1/0/2';
const GI3 = 'GigabitEthernet1/0/3';
/** ` ##ticket:NN##` is 14 characters: 186 + 14 = 200, IOS-XE's limit since 17.6.1. */
const TAG = (ticket: string): string => ` ##ticket:${ticket}##`;

describe('IOS-XE description limit (200 with the ticket tag), daemon against the simulated switch', () => {
  const t = useLabDaemon('intentd-platform-');
  const description = (iface: string) => /<description>([^<]*)<\/description>/.exec(t.lab.c9300.runningXml(iface))?.[1] ?? null;
  const editsTouching = (port: string) => t.lab.c9300.requests.filter((r) => r.operation === 'edit-config' && r.xml.includes(`<name>${port}</name>`)).length;
  const rejected = () => t.lab.webex.messages.filter((m) => /Rejected input/.test(m.text ?? ''));

  it('applies exactly 200 characters with the ticket tag and refuses 201 from NetBox before the device', async () => {
    const d = await t.start();
    const ok = 'a'.repeat(186);
    t.lab.netbox.updateInterface('c9300', GI2, { description: ok, ticket: '44' });
    await until('the 200-character description on the switch', () => description(GI2) === `${ok}${TAG('44')}`);
    expect(`${ok}${TAG('44')}`).toHaveLength(200);

    const tooLong = 'b'.repeat(187);
    t.lab.netbox.updateInterface('c9300', GI3, { description: tooLong, ticket: '45' });
    await until('the rejected-input report', () => rejected().length === 1);
    await t.lab.netbox.flushWebhooks();
    await d.idle();
    expect(rejected()[0]?.text).toContain('with its ticket tag it is 201 characters; iosxe allows 200');
    expect(editsTouching('1/0/3')).toBe(0);
    expect(description(GI3)).toBeNull();
    expect(readFileSync(join(t.repo, 'devices', 'c9300.yaml'), 'utf8')).not.toContain(tooLong);
    expect(await t.status()).toMatchObject({ state: 'in-sync', lastError: null });
  });

  it('refuses a git edit over the limit terminally, sending nothing to the switch', async () => {
    const d = await t.start();
    const file = join(t.repo, 'devices', 'c9300.yaml');
    const doc = parse(readFileSync(file, 'utf8')) as { interfaces: Record<string, Record<string, unknown>> };
    doc.interfaces[GI3] = { ...doc.interfaces[GI3], description: 'c'.repeat(187), ticket: '46' };
    writeFileSync(file, stringify(doc));
    t.git('commit', '-qam', 'too long for IOS-XE');
    await until('the invalid file reported', () => rejected().some((m) => /devices\/c9300\.yaml/.test(m.text ?? '')));
    // The watch does not pass it on; a resync reaches device-apply, which refuses it before the device.
    d.nudge('c9300', 'resync');
    await until('the refusal in the status', async () => (await t.status()).lastError?.reason === 'ValidationFailed');
    await d.idle();
    expect((await t.status()).lastError?.message).toMatch(/invalid intent for platform iosxe/);
    expect(editsTouching('1/0/3')).toBe(0);
    expect(description(GI3)).toBeNull();
  });
});
