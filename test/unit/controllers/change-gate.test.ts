import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApprovalService } from '../../../src/controllers/approval-service.js';
import { ChangeGate } from '../../../src/controllers/change-gate.js';
import type { DevicePlan } from '../../../src/core/plan-types.js';
import { parsePolicyYaml } from '../../../src/core/policy.js';
import type { DeviceIntent } from '../../../src/core/types.js';
import { silentLogger } from '../../../src/log.js';
import { ApprovalStore } from '../../../src/runtime/approval-store.js';
import { ManualClock } from '../../integration/daemon/manual-clock.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup(yaml: string, iso = '2026-07-01T12:00:00Z') {
  const dir = mkdtempSync(join(tmpdir(), 'intentd-gate-'));
  dirs.push(dir);
  const store = new ApprovalStore(dir);
  const policy = parsePolicyYaml(yaml);
  const clock = new ManualClock(iso);
  const woken: string[] = [];
  const config = { reconcile: { mode: 'enforce' } } as ConstructorParameters<typeof ChangeGate>[0]['config'];
  const gate = new ChangeGate({ config, policy: () => policy, approvals: store, clock, wake: (d) => void woken.push(d), logger: silentLogger() });
  const service = new ApprovalService({ store, policy: () => policy, now: () => clock.now(), logger: silentLogger() });
  return { gate, service, clock, woken };
}

const intent = { device: 'c9300', interfaces: [] } as unknown as DeviceIntent;
const plan = (after: string): DevicePlan => ({ device: 'c9300', changes: [{ interface: 'Gi1/0/2', leaf: 'description', op: 'set', before: null, after }], refused: [] });
const input = (after = 'x', revision = 'r1') => ({ device: 'c9300', intent, plan: plan(after), revision, drift: false });

describe('the change gate', () => {
  it('lets a plan through when nothing in policy.yaml holds it', async () => {
    const { gate } = setup('');
    expect(await gate.check(input())).toMatchObject({ hold: null, stamp: null, reported: [] });
  });

  it('holds a rejected plan with the rejection, and asks again for a newer plan', async () => {
    const { gate, service } = setup('approval:\n  rules: [{ devices: c9300 }]\n');
    const first = await gate.check(input());
    expect(first.hold).toBe('pending-approval');
    const hash = first.hold === 'pending-approval' ? (first.held.hash as string) : '';
    await service.reject('c9300', hash, 'alice');
    await expect(service.approve('c9300', hash, 'bob')).rejects.toMatchObject({ reason: 'AlreadyDecided' });
    const again = await gate.check(input());
    expect(again).toMatchObject({ hold: 'pending-approval', held: { rejected: { action: 'rejected', by: 'alice' } } });
    const newer = await gate.check(input('y', 'r2'));
    expect(newer.hold === 'pending-approval' && newer.held.hash).not.toBe(hash);
    expect(newer.hold === 'pending-approval' && newer.held.rejected).toBeFalsy();
    await expect(service.approve('c9300', hash, 'bob')).rejects.toMatchObject({ reason: 'StalePlan' });
  });

  it('holds for approval before the window, so a plan approved by day lands when the window opens', async () => {
    const { gate, service, clock, woken } = setup('approval:\n  rules: [{ devices: c9300 }]\nrules:\n  - windows: [{ allow: true, cron: "0 22 * * *", duration: 2h, timezone: Europe/Zurich }]\n');
    const held = await gate.check(input());
    const hash = held.hold === 'pending-approval' ? (held.held.hash as string) : '';
    await service.approve('c9300', hash, 'alice');
    expect(await gate.check(input())).toMatchObject({ hold: 'pending-window', held: { opensAt: '2026-07-01T20:00:00.000Z' } });
    clock.set('2026-07-01T20:00:00Z');
    expect(woken).toEqual(['c9300']);
    expect(await gate.check(input())).toMatchObject({ hold: null, stamp: { by: 'alice', hash } });
  });

  it('lets --outside-window through a closed window', async () => {
    const { gate } = setup('rules:\n  - windows: [{ deny: true, cron: "0 0 * * *", duration: 1d }]\n');
    expect((await gate.check(input())).hold).toBe('pending-window');
    expect((await gate.check({ ...input(), outsideWindow: true })).hold).toBeNull();
  });
});
