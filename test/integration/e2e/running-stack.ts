import { afterAll, beforeAll } from 'vitest';
import { startDaemon, type DaemonUnderTest } from './daemon-under-test.js';
import { startLabStack, type LabStack } from './lab-stack.js';
import { DeviceProbe } from './probes.js';

export interface RunningStack {
  stack: LabStack;
  dut: DaemonUnderTest;
  probe: DeviceProbe;
}

/**
 * Registers beforeAll/afterAll that start the lab stack (real netconfd + emulators), an in-process
 * daemon and a probe session, hand them to `use`, and stop them all at the end of the suite.
 */
export function useRunningStack(use: (s: RunningStack) => void): void {
  let s: Partial<RunningStack> = {};
  beforeAll(async () => {
    const stack = await startLabStack();
    s = { stack };
    const dut = await startDaemon(stack);
    s.dut = dut;
    const probe = await DeviceProbe.open(stack.device);
    s.probe = probe;
    use({ stack, dut, probe });
  });
  afterAll(async () => {
    await s.dut?.stop();
    await s.probe?.close().catch(() => undefined);
    await s.stack?.stop();
  });
}
