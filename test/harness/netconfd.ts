// The test-device harness API for vitest suites: real netconfd + sshd devices (test-device.ts) and
// describeNetconfd, which decides whether a suite may skip on this machine.
import { describeWhen } from './describe-when.js';
import { netconfdAvailability } from './test-device.js';

export type { IosXeGeneration } from './iosxe-startup.js';
export {
  GENERATION_YANG_DIR, netconfdAvailability, pauseNetconfd, startTestDevice, TEST_PASSWORD, TEST_USER, YANG_DIR, YANG_OPENCONFIG_DIR, type TestDevice, type TestPlatform,
} from './test-device.js';

/** `describe` for suites that need a test device (see describeWhen: skipped only off CI on a machine without netconfd). */
export const describeNetconfd = (name: string, fn: () => void): void => describeWhen(netconfdAvailability(), name, fn);
