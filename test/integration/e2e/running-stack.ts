import { afterAll, beforeAll } from 'vitest';
import { freePort } from '../../harness/processes.js';
import { startDaemon, type DaemonUnderTest } from './daemon-under-test.js';
import { ensureCliBuilt, type DaemonProcess } from './daemon-process.js';
import { startLabStack, WEBHOOK_SECRET, type LabStack, type StackConfigOptions } from './lab-stack.js';
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
export function useRunningStack(use: (s: RunningStack) => void, o: { target?: 'running' | 'candidate'; daemon?: StackConfigOptions } = {}): void {
  let s: Partial<RunningStack> = {};
  beforeAll(async () => {
    const stack = await startLabStack(o.target ? { target: o.target } : {});
    s = { stack };
    const dut = await startDaemon(stack, o.daemon ?? {});
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

export interface SpawnedStack {
  stack: LabStack;
  probe: DeviceProbe;
  configFile: string;
  url: string;
}

/**
 * Like useRunningStack, for tests that run `intentd run` as a child process: builds the CLI, starts the
 * lab stack, writes a config file listening on a free port, points NetBox's webhook at it and opens a
 * probe. At the end it SIGKILLs whatever daemon `proc()` names and stops the rest.
 */
export function useSpawnedStack(use: (s: SpawnedStack) => void, proc: () => DaemonProcess | undefined): void {
  let s: Partial<SpawnedStack> = {};
  beforeAll(async () => {
    const [, stack, port] = await Promise.all([ensureCliBuilt(), startLabStack(), freePort()]);
    s = { stack };
    const url = `http://127.0.0.1:${port}`;
    const configFile = await stack.configFile({ listen: `127.0.0.1:${port}` });
    stack.netbox.addWebhook({ url: `${url}/webhooks/netbox`, secret: WEBHOOK_SECRET });
    const probe = await DeviceProbe.open(stack.device);
    s = { stack, probe, configFile, url };
    use({ stack, probe, configFile, url });
  }, 240_000);
  afterAll(async () => {
    const p = proc();
    p?.child.kill('SIGKILL');
    await p?.exited;
    await s.probe?.close().catch(() => undefined);
    await s.stack?.stop();
  });
}
