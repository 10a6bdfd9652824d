import { describe, expect, it } from 'vitest';
import type { LeafChange } from '../../../src/core/plan-types.js';
import { until, useLabDaemon } from './lab-daemon.js';
import { planCommand } from '../../../src/cli/plan.js';
import { silentLogger } from '../../../src/log.js';

const GI2 = 'GigabitEthernet1/0/2';

describe('drift is reported with its origin', () => {
  const t = useLabDaemon('intentd-origin-');
  const description = () => /<description>([^<]*)<\/description>/.exec(t.lab.c9300.runningXml(GI2))?.[1] ?? null;
  const edits = () => t.lab.c9300.requests.filter((r) => r.operation === 'edit-config').length;
  const said = (re: RegExp) => t.lab.webex.messages.some((m) => re.test(m.text ?? ''));
  const drift = async () => (await t.status<{ state: string; reason: string; drift: LeafChange[]; conditions: { apply: { reason: string } } }>());

  it('classifies a change made by hand on the device after intent was verified as out-of-band', async () => {
    const d = await t.start((y) => y.replace('mode: enforce', 'mode: report'));
    // A ticketed change leaves an audit commit: the CLI's plan reads from it which revision the device verified.
    t.lab.netbox.updateInterface('c9300', GI2, { description: 'from NetBox', ticket: '1101' });
    d.nudge('c9300', 'webhook');
    await until('the change on the device', () => description() === 'from NetBox ##ticket:1101##');
    await d.idle();
    t.lab.c9300.setLeaf(GI2, 'description', 'changed by hand');
    d.nudge('c9300', 'resync');
    await d.idle();
    expect((await drift()).drift).toEqual([expect.objectContaining({ interface: GI2, leaf: 'description', origin: 'out-of-band' })]);
    let out = '';
    expect(await planCommand(d.config, {}, { logger: silentLogger() }, { out: (s) => void (out += s), err: () => undefined })).toBe(2);
    expect(out).toContain(`~ ${GI2} description: "changed by hand" → "from NetBox ##ticket:1101##" [out-of-band]`);
    await d.stop();
    expect(said(/Gi(gabitEthernet)?1\/0\/2 description: .* \(out-of-band\)/)).toBe(true);
  });

  it('classifies the leaves of an apply that failed before as failed-apply when they are planned again', async () => {
    const d = await t.start();
    const plans: LeafChange[][] = [];
    t.events.onEvent((e) => void (e.type === 'plan' && e.device === 'c9300' && plans.push(e.plan.changes)));
    t.lab.c9300.refuseEdits('maintenance lock');
    t.lab.netbox.updateInterface('c9300', GI2, { description: 'first try fails', ticket: '2001' });
    await until('the failed apply', async () => (await drift()).state === 'failed');
    await d.idle();
    t.lab.c9300.refuseEdits(null);
    d.nudge('c9300', 'resync');
    await d.idle();
    expect(description()).toBe('first try fails ##ticket:2001##');
    expect(plans[0]).toEqual([expect.not.objectContaining({ origin: expect.anything() })]);
    expect(plans.at(-1)).toEqual([expect.objectContaining({ leaf: 'description', origin: 'failed-apply' })]);
  });

  it('retries a value the device normalizes once, then reports it as noise and stops sending it', async () => {
    const d = await t.start();
    // The switch keeps only the first 20 characters of a description.
    t.lab.c9300.normalizeLeaf('description', (s) => s.slice(0, 20));
    t.lab.netbox.updateInterface('c9300', GI2, { description: 'a description this switch cuts short', ticket: '3001' });
    await until('the first, unverified apply', async () => (await drift()).state === 'failed');
    await d.idle();
    expect(edits()).toBe(1);
    expect(description()).toBe('a description this s');
    d.nudge('c9300', 'resync');
    await d.idle();
    expect(edits()).toBe(2);
    for (let i = 0; i < 3; i++) {
      d.nudge('c9300', 'resync');
      await d.idle();
    }
    expect(edits()).toBe(2);
    const st = await drift();
    expect(st.state).toBe('in-sync');
    expect(st.conditions.apply.reason).toBe('InSyncWithNoise');
    expect(st.drift).toEqual([expect.objectContaining({ interface: GI2, leaf: 'description', before: 'a description this s', origin: 'noise' })]);
    await d.stop();
    expect(t.lab.webex.messages.filter((m) => /\(noise\)/.test(m.text ?? ''))).toHaveLength(1);
  });
});
