import type { DriverSession } from '../../../src/adapters/platforms/iosxe/driver.js';
import type { IosXeGeneration } from '../../harness/netconfd.js';
import { openSessionFixture, recordSafeApply, type SessionFixture } from '../../harness/netconf-session-fixture.js';

export type DriverFixture = SessionFixture;

/** A test device and a session to it; close() ends every session opened here and stops the device. */
export function openDriverFixture(target: 'running' | 'candidate', generation?: IosXeGeneration): Promise<DriverFixture> {
  return openSessionFixture(generation === undefined ? { target } : { target, generation });
}

/** Wraps a session and records which RPCs the driver sends through it. */
export function recording(session: DriverSession): { session: DriverSession; calls: string[] } {
  const calls: string[] = [];
  const wrapped: DriverSession = { ...recordSafeApply(session, calls), call: (b) => (calls.push(`call ${b}`), session.call(b)) };
  return { session: wrapped, calls };
}
