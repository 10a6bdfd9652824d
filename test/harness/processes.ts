// Process plumbing for the test-device harness: free ports, spawning daemons with their output in a log file,
// killing process trees, and a last-resort cleanup when the test process exits.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';

const live = new Set<number>();
let exitHookInstalled = false;

/** Every daemon we start is SIGKILLed (with its descendants) if the test process exits without stop(). */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pid of live) killTree(pid, 'SIGKILL');
  });
}

/** A TCP port on 127.0.0.1 that was free a moment ago (the caller retries if it is taken meanwhile). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Spawns a daemon in the foreground with stdout/stderr appended to `logFile`. */
export function spawnDaemon(command: string, args: string[], logFile: string): ChildProcess {
  installExitHook();
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(command, args, { stdio: ['ignore', fd, fd] });
    if (child.pid !== undefined) live.add(child.pid);
    child.once('exit', () => {
      if (child.pid !== undefined) live.delete(child.pid);
    });
    return child;
  } finally {
    closeSync(fd);
  }
}

/** Parent pid of every process visible in /proc. */
function parentMap(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Fields after the ")" that closes the command name: state, ppid, ...
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  return children;
}

/** All descendants of `pid` (not `pid` itself), deepest last. */
export function descendants(pid: number): number[] {
  const children = parentMap();
  const out: number[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift() as number;
    out.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return out;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Signals `pid` and everything below it; children first so no orphan outlives its parent's death. */
export function killTree(pid: number, sig: NodeJS.Signals): void {
  for (const child of descendants(pid).reverse()) signal(child, sig);
  signal(pid, sig);
}

/** Resolves when the child has exited; SIGKILLs it (and its tree) if SIGTERM was not enough after `graceMs`. */
export async function stopDaemon(child: ChildProcess, graceMs = 2000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killTree(pid, 'SIGTERM');
  const timer = setTimeout(() => killTree(pid, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** True when something accepts a TCP connection on 127.0.0.1:`port`. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
