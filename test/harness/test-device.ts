// A real NETCONF test device: yuma123 netconfd with the IOS-XE YANG subset, behind a private sshd on
// 127.0.0.1. Free of vitest so the benchmarks can use it too (netconfd.ts adds describeNetconfd).
// Comments cite the numbered pitfalls of /work/shared/reference/netconfd.md.
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { c9300StartupXml, type IosXeGeneration } from './iosxe-startup.js';
import { eosStartupXml } from './openconfig-startup.js';
import { accepts, freePort, killTree, descendants, sleep, spawnDaemon, stopDaemon } from './processes.js';
import { makeKeys, probeHello, sshdConfig, NETCONF_SUBSYSTEM, SSHD, SSH_KEYGEN } from './sshd.js';

export const NETCONFD = '/usr/sbin/netconfd';
export const TEST_USER = 'intentd-nc';
export const TEST_PASSWORD = 'intentd-nc-test-pw'; // set by .ci/deps; test-only
// From test/harness/ under vitest, or from dist/test/harness/ when compiled for the benchmarks.
const HERE = dirname(fileURLToPath(import.meta.url));
export const YANG_DIR = [join(HERE, 'yang'), join(HERE, '..', '..', '..', 'test', 'harness', 'yang')]
  .find((dir) => existsSync(join(dir, 'Cisco-IOS-XE-native.yang'))) ?? join(HERE, 'yang');
const MODULES = ['Cisco-IOS-XE-native', 'Cisco-IOS-XE-switch', 'cisco-ia'];
/** Modules that differ by IOS-XE generation, in a folder beside YANG_DIR that shadows YANG_DIR's copy. */
export const GENERATION_YANG_DIR: Record<IosXeGeneration, string | null> = { '17.15': null, '17.9': join(YANG_DIR, '..', 'yang-17.9') };
export const YANG_OPENCONFIG_DIR = join(YANG_DIR, '..', 'yang-openconfig');
const OPENCONFIG_MODULES = ['openconfig-interfaces', 'openconfig-if-ethernet', 'openconfig-if-aggregate', 'openconfig-vlan', 'openconfig-if-ip', 'iana-if-type', 'openconfig-system'];

/** Which YANG a test device serves: IOS-XE's native model (default) or the OpenConfig subset. */
export type TestPlatform = 'iosxe' | 'openconfig';

/** The modpath and modules netconfd loads, and the default startup, for a platform (and IOS-XE generation). */
function yangFor(platform: TestPlatform, generation: IosXeGeneration): { modpath: string; modules: string[]; startup: () => string } {
  if (platform === 'openconfig') return { modpath: YANG_OPENCONFIG_DIR, modules: OPENCONFIG_MODULES, startup: eosStartupXml };
  const modpath = [GENERATION_YANG_DIR[generation], YANG_DIR].filter((d): d is string => d !== null).join(':');
  return { modpath, modules: MODULES, startup: () => c9300StartupXml({ generation }) };
}

export interface TestDevice {
  host: '127.0.0.1'; port: number; username: string; password: string;
  /** PEM of a client key authorized for `username`. */
  privateKey: string;
  /** 'SHA256:<base64>' of the sshd host key (for pinning). */
  hostKeyFingerprint: string;
  target: 'running' | 'candidate';
  generation: IosXeGeneration;
  stateDir: string;
  /** Kills the sshd child processes serving current sessions (simulates a dropped session). */
  dropSessions(): Promise<void>;
  /** Stops sshd + netconfd and removes the state dir. Idempotent. */
  stop(): Promise<void>;
}

/** Whether this machine can run test devices: root, netconfd, netconf-subsystem, sshd and ssh-keygen. */
export function netconfdAvailability(): { ok: true } | { ok: false; why: string } {
  if (process.platform !== 'linux') return { ok: false, why: 'test devices need Linux' };
  if (process.getuid?.() !== 0) return { ok: false, why: 'test devices need root (private sshd with password logins)' };
  for (const bin of [NETCONFD, NETCONF_SUBSYSTEM, SSHD, SSH_KEYGEN]) {
    if (!existsSync(bin)) return { ok: false, why: `${bin} is missing (run .ci/deps)` };
  }
  return { ok: true };
}

function assertLoginUser(): void {
  try {
    execFileSync('id', ['-u', TEST_USER], { stdio: 'ignore' });
  } catch {
    throw new Error(`login user '${TEST_USER}' does not exist: run .ci/deps (as root) to create it`);
  }
}

async function waitFor(what: string, check: () => Promise<boolean>, deadline: number, log: () => Promise<string>): Promise<void> {
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`test device: ${what} not ready in time\n${await log()}`);
    await sleep(20);
  }
}

/**
 * Starts netconfd + a private sshd on 127.0.0.1 with the platform's YANG modules and startup config:
 * IOS-XE (default) with the 48-port C9300 in the shape of `generation` (default 17.15), or OpenConfig
 * with the 12-port EOS-style switch.
 */
export async function startTestDevice(o: { target: 'running' | 'candidate'; startupXml?: string; platform?: TestPlatform; generation?: IosXeGeneration }): Promise<TestDevice> {
  const availability = netconfdAvailability();
  if (!availability.ok) throw new Error(`cannot start a NETCONF test device: ${availability.why}`);
  assertLoginUser();
  let lastError: unknown;
  // A dynamically chosen port can be taken by a parallel test between probe and bind: retry on a new one.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const generation = o.generation ?? '17.15';
      const yang = yangFor(o.platform ?? 'iosxe', generation);
      return await startOnce(o.target, o.startupXml ?? yang.startup(), yang, generation);
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

async function startOnce(target: 'running' | 'candidate', startupXml: string, yang: { modpath: string; modules: string[] }, generation: IosXeGeneration): Promise<TestDevice> {
  // Pitfall 12: netconf-subsystem runs as the login user and must reach the socket: open the dir up.
  const stateDir = await mkdtemp(join(tmpdir(), 'intentd-netconfd-'));
  await chmod(stateDir, 0o755);
  const ncxSocket = join(stateDir, 'ncxserver.sock');
  const startupFile = join(stateDir, 'startup-cfg.xml');
  const netconfdLog = join(stateDir, 'netconfd.log');
  const sshdLog = join(stateDir, 'sshd.log');
  const logs = async (): Promise<string> => {
    const tail = async (f: string): Promise<string> => (await readFile(f, 'utf8').catch(() => '')).slice(-2000);
    return `--- netconfd.log\n${await tail(netconfdLog)}\n--- sshd.log\n${await tail(sshdLog)}`;
  };
  const [port, keys] = await Promise.all([freePort(), makeKeys(stateDir), writeFile(startupFile, startupXml)]);
  await writeFile(join(stateDir, 'sshd_config'), sshdConfig({ port, stateDir, username: TEST_USER, keys, ncxSocket }));
  await mkdir('/run/sshd', { recursive: true }); // pitfall 4: sshd's privilege-separation dir

  // Pitfalls 1, 2, 3, 11: same port as sshd, a superuser, a fresh socket, no idle timeout.
  const netconfd = spawnDaemon(NETCONFD, [
    `--modpath=${yang.modpath}:/usr/share/yuma/modules`, ...yang.modules.map((m) => `--module=${m}`),
    `--startup=${startupFile}`, `--target=${target}`, `--port=${port}`, `--ncxserver-sockname=${ncxSocket}`,
    `--superuser=${TEST_USER}`, '--idle-timeout=0', `--log=${netconfdLog}`, '--log-level=info',
  ], join(stateDir, 'netconfd.out'));
  let sshd: ChildProcess | undefined;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // netconfd notices SIGTERM only on its next 1 s select tick; its state is thrown away anyway.
    await Promise.all([sshd ? stopDaemon(sshd) : Promise.resolve(), stopDaemon(netconfd, 200)]);
    await rm(stateDir, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + 15_000;
    await waitFor('netconfd socket', async () => {
      if (netconfd.exitCode !== null) throw new Error(`netconfd exited (${netconfd.exitCode})\n${await logs()}`);
      return existsSync(ncxSocket);
    }, deadline, logs);
    sshd = spawnDaemon(SSHD, ['-D', '-e', '-f', join(stateDir, 'sshd_config')], sshdLog);
    const sshdProc = sshd;
    await waitFor('sshd port', async () => {
      if (sshdProc.exitCode !== null) throw new Error(`sshd exited (${sshdProc.exitCode})\n${await logs()}`);
      return accepts(port);
    }, deadline, logs);
    await waitFor('NETCONF hello', () => probeHello({ port, username: TEST_USER, privateKey: keys.clientPrivateKey })
      .then(() => true, () => false), deadline, logs);
  } catch (err) {
    await stop();
    throw err;
  }
  const listener = sshd;
  const device: TestDevice = {
    host: '127.0.0.1', port, username: TEST_USER, password: TEST_PASSWORD,
    privateKey: keys.clientPrivateKey, hostKeyFingerprint: keys.hostKeyFingerprint, target, generation, stateDir,
    async dropSessions() {
      const pid = listener.pid;
      if (pid === undefined) return;
      for (const child of descendants(pid)) killTree(child, 'SIGKILL');
      // Let netconfd notice the closed subsystem sockets before the test carries on.
      await sleep(50);
    },
    stop,
  };
  servers.set(device, netconfd);
  return device;
}

const servers = new WeakMap<TestDevice, ChildProcess>();

/**
 * Freezes the device's netconfd (SIGSTOP) so that RPCs sent now stay in flight until resume() (SIGCONT).
 * Test-only extra beyond the agreed API: makes "session dropped mid-RPC" deterministic.
 */
export function pauseNetconfd(device: TestDevice): { resume(): void } {
  const pid = servers.get(device)?.pid;
  if (pid === undefined) throw new Error('not a running test device');
  process.kill(pid, 'SIGSTOP');
  return { resume: () => process.kill(pid, 'SIGCONT') };
}
