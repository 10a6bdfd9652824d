import type { OpenConfigSession } from '../../../src/adapters/platforms/openconfig/driver.js';
import { openconfigRules } from '../../../src/adapters/platforms/openconfig/rules.js';
import { planDevice } from '../../../src/core/planner.js';
import type { DevicePlan, InterfaceState } from '../../../src/core/plan-types.js';
import type { InterfaceIntent } from '../../../src/core/types.js';
import { openSessionFixture, recordSafeApply, type SessionFixture } from '../../harness/netconf-session-fixture.js';

export type OpenConfigFixture = SessionFixture;

/** An OpenConfig test device (EOS-style startup) and a session to it; close() ends the sessions and stops it. */
export function openOpenConfigFixture(target: 'running' | 'candidate'): Promise<OpenConfigFixture> {
  return openSessionFixture({ target, platform: 'openconfig' });
}

/** Wraps a session and records which RPCs the driver sends through it. */
export function recording(session: OpenConfigSession): { session: OpenConfigSession; calls: string[] } {
  const calls: string[] = [];
  return { session: recordSafeApply(session, calls), calls };
}

/** core's per-leaf plan for OpenConfig interfaces, with the OpenConfig platform's rules. */
export function planOpenConfig(device: string, interfaces: InterfaceIntent[], observed: Map<string, InterfaceState>, protectedInterfaces: readonly string[] = openconfigRules.defaultProtected): DevicePlan {
  return planDevice({ device, interfaces }, observed, { protectedInterfaces: [...protectedInterfaces], rules: openconfigRules });
}
