import { NetconfSession } from '../../../src/adapters/netconf/session.js';
import type { OpenConfigSession } from '../../../src/adapters/platforms/openconfig/driver.js';
import { openconfigRules } from '../../../src/adapters/platforms/openconfig/rules.js';
import { planDevice } from '../../../src/core/planner.js';
import type { DevicePlan, InterfaceState } from '../../../src/core/plan-types.js';
import type { InterfaceIntent } from '../../../src/core/types.js';
import { startTestDevice, type TestDevice } from '../../harness/netconfd.js';

export interface OpenConfigFixture {
  device: TestDevice;
  session: NetconfSession;
  /** Opens another session to the same device (closed by close()). */
  second(): Promise<NetconfSession>;
  close(): Promise<void>;
}

/** An OpenConfig test device (EOS-style startup) and a session to it; close() ends the sessions and stops it. */
export async function openOpenConfigFixture(target: 'running' | 'candidate'): Promise<OpenConfigFixture> {
  const device = await startTestDevice({ target, platform: 'openconfig' });
  const sessions: NetconfSession[] = [];
  const connect = async (): Promise<NetconfSession> => {
    const s = await NetconfSession.connect({
      host: device.host, port: device.port, username: device.username, privateKey: device.privateKey, hostKey: device.hostKeyFingerprint,
    });
    sessions.push(s);
    return s;
  };
  try {
    const session = await connect();
    return {
      device, session, second: connect,
      async close() {
        await Promise.allSettled(sessions.map((s) => s.close()));
        await device.stop();
      },
    };
  } catch (err) {
    await device.stop();
    throw err;
  }
}

/** Wraps a session and records which RPCs the driver sends through it. */
export function recording(session: OpenConfigSession): { session: OpenConfigSession; calls: string[] } {
  const calls: string[] = [];
  const wrapped: OpenConfigSession = {
    capabilities: session.capabilities,
    getConfig: (o) => (calls.push('get-config'), session.getConfig(o)),
    editConfig: (o) => (calls.push('edit-config'), session.editConfig(o)),
    lock: (t) => (calls.push(`lock ${t}`), session.lock(t)),
    unlock: (t) => (calls.push(`unlock ${t}`), session.unlock(t)),
    commit: (o) => (calls.push(o?.confirmed ? 'commit confirmed' : 'commit'), session.commit(o)),
    cancelCommit: (o) => (calls.push('cancel-commit'), session.cancelCommit(o)),
    discardChanges: () => (calls.push('discard-changes'), session.discardChanges()),
  };
  return { session: wrapped, calls };
}

/** core's per-leaf plan for OpenConfig interfaces, with the OpenConfig platform's rules. */
export function planOpenConfig(device: string, interfaces: InterfaceIntent[], observed: Map<string, InterfaceState>, protectedInterfaces: readonly string[] = openconfigRules.defaultProtected): DevicePlan {
  return planDevice({ device, interfaces }, observed, { protectedInterfaces: [...protectedInterfaces], rules: openconfigRules });
}
