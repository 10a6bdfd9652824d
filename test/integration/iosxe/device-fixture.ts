import { NetconfSession } from '../../../src/adapters/netconf/session.js';
import type { DriverSession } from '../../../src/adapters/platforms/iosxe/driver.js';
import { startTestDevice, type IosXeGeneration, type TestDevice } from '../../harness/netconfd.js';

export interface DriverFixture {
  device: TestDevice;
  session: NetconfSession;
  /** Opens another session to the same device (closed by close()). */
  second(): Promise<NetconfSession>;
  close(): Promise<void>;
}

/** A test device and a session to it; close() ends every session opened here and stops the device. */
export async function openDriverFixture(target: 'running' | 'candidate', generation?: IosXeGeneration): Promise<DriverFixture> {
  const device = await startTestDevice(generation === undefined ? { target } : { target, generation });
  const sessions: NetconfSession[] = [];
  const connect = async (): Promise<NetconfSession> => {
    const s = await NetconfSession.connect({
      host: device.host, port: device.port, username: device.username, privateKey: device.privateKey,
      hostKey: device.hostKeyFingerprint,
    });
    sessions.push(s);
    return s;
  };
  try {
    const session = await connect();
    return {
      device,
      session,
      second: connect,
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
export function recording(session: DriverSession): { session: DriverSession; calls: string[] } {
  const calls: string[] = [];
  const wrapped: DriverSession = {
    capabilities: session.capabilities,
    getConfig: (o) => (calls.push('get-config'), session.getConfig(o)),
    editConfig: (o) => (calls.push('edit-config'), session.editConfig(o)),
    lock: (t) => (calls.push(`lock ${t}`), session.lock(t)),
    unlock: (t) => (calls.push(`unlock ${t}`), session.unlock(t)),
    commit: (o) => (calls.push(o?.confirmed ? 'commit confirmed' : 'commit'), session.commit(o)),
    cancelCommit: (o) => (calls.push('cancel-commit'), session.cancelCommit(o)),
    discardChanges: () => (calls.push('discard-changes'), session.discardChanges()),
    call: (b) => (calls.push(`call ${b}`), session.call(b)),
  };
  return { session: wrapped, calls };
}
