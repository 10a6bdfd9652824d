import { NetconfSession } from '../../src/adapters/netconf/session.js';
import type { Datastore } from '../../src/adapters/netconf/rpc.js';
import type { SafeApplySession } from '../../src/adapters/platforms/netconf-safe-apply.js';
import { startTestDevice, type TestDevice } from './netconfd.js';

export interface SessionFixture {
  device: TestDevice;
  session: NetconfSession;
  /** Opens another session to the same device (closed by close()). */
  second(): Promise<NetconfSession>;
  close(): Promise<void>;
}

/** A test device (any platform) and a session to it; close() ends every session opened here and stops the device. */
export async function openSessionFixture(o: Parameters<typeof startTestDevice>[0]): Promise<SessionFixture> {
  const device = await startTestDevice(o);
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

type ReadableSession = SafeApplySession & { getConfig(o: { source: Datastore; filter?: string }): Promise<string> };

/** Wraps the safe-apply RPCs (and get-config) of a session, recording in `calls` which ones a driver sends. */
export function recordSafeApply<S extends ReadableSession>(session: S, calls: string[]): ReadableSession & { capabilities: S['capabilities'] } {
  return {
    capabilities: session.capabilities,
    getConfig: (o) => (calls.push('get-config'), session.getConfig(o)),
    editConfig: (o) => (calls.push('edit-config'), session.editConfig(o)),
    lock: (t) => (calls.push(`lock ${t}`), session.lock(t)),
    unlock: (t) => (calls.push(`unlock ${t}`), session.unlock(t)),
    commit: (o) => (calls.push(o?.confirmed ? 'commit confirmed' : 'commit'), session.commit(o)),
    cancelCommit: (o) => (calls.push('cancel-commit'), session.cancelCommit(o)),
    discardChanges: () => (calls.push('discard-changes'), session.discardChanges()),
  };
}
