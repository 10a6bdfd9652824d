// The test-device harness API for vitest suites: real netconfd + sshd devices (test-device.ts) and
// describeNetconfd, which decides whether a suite may skip on this machine.
import { describe } from 'vitest';
import { netconfdAvailability } from './test-device.js';

export type { IosXeGeneration } from './iosxe-startup.js';
export {
  GENERATION_YANG_DIR, netconfdAvailability, pauseNetconfd, startTestDevice, TEST_PASSWORD, TEST_USER, YANG_DIR, YANG_OPENCONFIG_DIR, type TestDevice, type TestPlatform,
} from './test-device.js';

/**
 * `describe` for suites that need a test device. Skips, printing why, only when the machine cannot run
 * netconfd AND CI is not 'true'; in CI the suite runs and fails loudly instead.
 */
export const describeNetconfd = (name: string, fn: () => void): void => {
  const availability = netconfdAvailability();
  if (availability.ok || process.env.CI === 'true') {
    describe(name, fn);
    return;
  }
  console.warn(`skipping "${name}": ${availability.why}`);
  describe.skip(name, fn);
};
