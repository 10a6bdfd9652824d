import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { until, useLabDaemon } from '../daemon/lab-daemon.js';

const GI2 = 'GigabitEthernet1/0/2';

describe('suspend and resume through the API', () => {
  const t = useLabDaemon('intentd-suspend-');
  const description = () => /<description>([^<]*)<\/description>/.exec(t.lab.c9300.runningXml(GI2))?.[1] ?? null;
  const post = (path: string, body: unknown, token: string | null = t.lab.apiToken) =>
    fetch(`${t.daemon.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });

  it('reports drift on a suspended device without writing it, keeps the suspension over a restart, and reverts on resume', async () => {
    const d = await t.start();
    const res = await post('/api/suspend/c9300', { reason: 'incident 77', by: 'alice' });
    expect(res.status).toBe(200);
    expect(t.git('log', '-1', '--format=%s')).toBe('policy: suspend c9300 (incident 77)');
    expect(t.git('log', '-1', '--format=%(trailers:key=Actor,valueonly)').trim()).toBe('alice');
    expect(t.git('status', '--porcelain')).toBe('');
    await d.idle();
    const edits = t.lab.c9300.requests.filter((r) => r.operation === 'edit-config').length;
    t.lab.c9300.setLeaf(GI2, 'description', 'by hand');
    d.nudge('c9300', 'resync');
    await d.idle();
    expect(description()).toBe('by hand');
    expect(t.lab.c9300.requests.filter((r) => r.operation === 'edit-config').length).toBe(edits);
    const st = await t.status<{ state: string; drift: Array<{ leaf: string }> }>();
    expect(st.state).toBe('suspended');
    expect(st.drift.map((c) => c.leaf)).toEqual(['description']);

    await d.stop();
    const d2 = await t.start();
    expect((await t.status()).state).toBe('suspended');
    expect(description()).toBe('by hand');

    expect((await post('/api/resume/c9300', {})).status).toBe(200);
    await until('the revert', () => description() === null);
    await d2.idle();
    expect((await t.status()).state).toBe('in-sync');
  });

  it('refuses suspend without the token, and keeps the last good policy when policy.yaml is broken by hand', async () => {
    const d = await t.start();
    expect((await post('/api/suspend', { reason: 'x' }, null)).status).toBe(401);
    expect(t.git('log', '-1', '--format=%s')).not.toMatch(/^policy/);
    expect((await post('/api/suspend', { reason: 'change freeze' })).status).toBe(200);
    writeFileSync(join(t.repo, 'policy.yaml'), 'suspended: [not, a, mapping]\n');
    t.git('commit', '-qam', 'broken policy');
    await until('the policy problem', () => d.policy.problem !== null);
    expect(d.policy.suspensionOf('c9300')?.reason).toBe('change freeze');
    const res = await post('/api/resume', {});
    expect(res.status).toBe(409);
    await d.stop();
    expect(t.lab.webex.messages.some((m) => /policy\.yaml/.test(`${m.text ?? ''}${m.markdown ?? ''}`))).toBe(true);
  });

  it('writes nothing when policy.yaml is invalid at start-up: the whole fleet counts as suspended until it is fixed', async () => {
    await (await t.start()).stop();
    writeFileSync(join(t.repo, 'policy.yaml'), 'suspended: {fleet: {reason: x}}\n');
    t.git('add', 'policy.yaml');
    t.git('commit', '-qm', 'broken policy');
    t.lab.c9300.setLeaf(GI2, 'description', 'by hand');
    const d = await t.start();
    expect(description()).toBe('by hand');
    expect((await t.status()).state).toBe('suspended');
    expect(d.policy.problem?.problems.join('\n')).toMatch(/must have required property 'by'/);
  });
});
