// The daemon as operators run it: `node dist/src/cli.js run -c FILE` in a child process, so a test can
// SIGKILL it mid-work and start it again. Builds dist/ first when it is older than src/ (npm test builds
// before vitest runs, so in CI this is a no-op).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from './probes.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
export const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const LOCK = join(ROOT, 'dist', '.e2e-build.lock');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isStale(): boolean {
  return !existsSync(CLI) || statSync(CLI).mtimeMs < newestMtime(join(ROOT, 'src'));
}

/**
 * Runs `tsc -p tsconfig.json` when dist/src/cli.js is missing or older than any file in src/. Test files
 * that spawn the CLI may run in parallel: a lock directory keeps them to one build.
 */
export async function ensureCliBuilt(): Promise<void> {
  if (!isStale()) return;
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  await waitFor('the build lock', () => {
    try {
      mkdirSync(LOCK);
      return true;
    } catch {
      // A lock older than any build could take was left by a killed run.
      const lock = statSync(LOCK, { throwIfNoEntry: false });
      if (lock && Date.now() - lock.mtimeMs > 180_000) rmdirSync(LOCK);
      return false;
    }
  }, 180_000);
  try {
    if (!isStale()) return;
    // tsc emits even when some other file has a type error (exit 2): only a missing output is fatal.
    await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], {
      cwd: ROOT, timeout: 170_000,
    }).catch((err: Error) => {
      if (!existsSync(CLI)) throw err;
    });
  } finally {
    rmdirSync(LOCK);
  }
}

export interface DaemonProcess {
  child: ChildProcess;
  /** stdout + stderr lines (JSON logs). */
  lines: string[];
  tail(n?: number): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `intentd run -c configFile` and waits until `baseUrl`/healthz answers 200. */
export async function spawnDaemon(configFile: string, baseUrl: string): Promise<DaemonProcess> {
  const child = spawn(process.execPath, [CLI, 'run', '-c', configFile], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, INTENTD_LOG_LEVEL: 'debug' },
  });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream?.on('data', (d: Buffer) => {
      const parts = (rest + d.toString('utf8')).split('\n');
      rest = parts.pop() ?? '';
      lines.push(...parts);
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })));
  const proc: DaemonProcess = { child, lines, exited, tail: (n = 40) => lines.slice(-n).join('\n') };
  // Never outlive the test process.
  const kill = (): void => void child.kill('SIGKILL');
  process.once('exit', kill);
  void exited.then(() => process.off('exit', kill));
  try {
    const died = exited.then(({ code, signal }) => {
      throw new Error(`the daemon exited (${code ?? signal}) before serving /healthz`);
    });
    await Promise.race([
      died,
      // Stops polling once the child is gone (`died` has then already failed the race).
      waitFor('the daemon to serve /healthz', async () =>
        child.exitCode !== null || child.signalCode !== null || (await fetch(`${baseUrl}/healthz`)).status === 200, 30_000),
    ]);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${proc.tail()}`);
  }
  return proc;
}

/** Waits until the daemon reports the device in sync with no work left for it. */
export async function waitInSync(baseUrl: string, device: string, timeoutMs = 30_000): Promise<void> {
  await waitFor(`${device} in sync`, async () => {
    const res = await fetch(`${baseUrl}/api/status/${device}`);
    if (res.status !== 200) return false;
    const st = (await res.json()) as { state: string };
    return st.state === 'in-sync';
  }, timeoutMs);
}
