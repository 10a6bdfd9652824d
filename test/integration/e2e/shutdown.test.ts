// SIGTERM with NetBox and Webex both hanging (accepting connections, never answering) and no device
// write in flight: `intentd run` exits 0 within 5 s, abandoning NetBox retries and bounding the Webex flush.
import { createServer, type Server, type Socket } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { openStore, tempDir, trunk } from '../git/helpers.js';
import { ensureCliBuilt, spawnDaemon, type DaemonProcess } from './daemon-process.js';
import { waitFor } from './probes.js';

/** A TCP port that accepts connections and never answers: a hung NetBox or Webex. */
async function blackhole(): Promise<{ server: Server; port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, port: (server.address() as { port: number }).port, sockets };
}

const cleanups: Array<() => void | Promise<void>> = [];
let proc: DaemonProcess | undefined;

beforeAll(async () => {
  await ensureCliBuilt();
}, 180_000);

afterEach(async () => {
  proc?.child.kill('SIGKILL');
  proc = undefined;
  for (const c of cleanups.splice(0)) await c();
});

/** NetBox and Webex hanging, a device in git whose host comes from NetBox; returns the spawned daemon. */
async function startAgainstHungServices(netboxTimeoutMs = 1000): Promise<{ p: DaemonProcess; webexSockets: Set<Socket> }> {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const netbox = await blackhole();
  const webex = await blackhole();
  for (const b of [netbox, webex]) {
    cleanups.push(async () => {
      for (const s of b.sockets) s.destroy();
      await new Promise<void>((r) => b.server.close(() => r()));
    });
  }
  // A device in git whose NETCONF host comes from NetBox: its reconcile fails (alerted) and retries.
  const repo = join(t.dir, 'intent');
  const store = await openStore(repo);
  await store.write(trunk('sw1', 'uplink'), { subject: 'seed', device: 'sw1', source: 'cli' }, null);
  await store.idle();
  const listenPort = await freePort();
  const config = join(t.dir, 'intentd.yaml');
  writeFileSync(
    config,
    [
      `http: { listen: "127.0.0.1:${listenPort}" }`,
      'netbox:',
      `  url: "http://127.0.0.1:${netbox.port}"`,
      `  token: "${'0'.repeat(40)}"`,
      `  webhookSecret: "${'s'.repeat(32)}"`,
      '  poll: null',
      `  timeoutMs: ${netboxTimeoutMs}`,
      '  retries: 1',
      `intent: { repo: ${JSON.stringify(repo)}, watchDebounceMs: 50 }`,
      'devices:',
      '  defaults: { username: admin, password: pw, insecureSkipHostKeyCheck: true }',
      'reconcile: { resync: null, maxBackoffMs: 1000 }',
      'webex:',
      `  baseUrl: "http://127.0.0.1:${webex.port}/v1"`,
      '  token: "bot-token"',
      '  roomId: "room"',
      '',
    ].join('\n'),
  );
  proc = await spawnDaemon(config, `http://127.0.0.1:${listenPort}`);
  return { p: proc, webexSockets: webex.sockets };
}

async function sigtermAndTime(p: DaemonProcess): Promise<void> {
  const started = Date.now();
  p.child.kill('SIGTERM');
  const exit = await p.exited;
  const took = Date.now() - started;
  proc = undefined;
  expect(exit, p.tail()).toEqual({ code: 0, signal: null });
  expect(took, `${took} ms\n${p.tail()}`).toBeLessThan(5000);
}

it('exits 0 within 5 s of SIGTERM while NetBox and Webex hang, with NetBox retries and a Webex message in flight', async () => {
  const { p, webexSockets } = await startAgainstHungServices();
  // A reconcile failed and was alerted (the Webex POST hangs), and NetBox is being asked again.
  await waitFor('a failed reconcile and a NetBox retry after it', () => {
    const failedAt = p.lines.findIndex((l) => l.includes('reconcile failed, will retry'));
    return failedAt >= 0 && p.lines.slice(failedAt).some((l) => l.includes('NetBox request failed, retrying')) && webexSockets.size > 0;
  }, 30_000);
  await sigtermAndTime(p);
}, 60_000);

it('exits 0 within 5 s of a SIGTERM that arrives while start-up still waits on NetBox', async () => {
  // Each NetBox request of the start-up listing would wait 20 s.
  const { p } = await startAgainstHungServices(20_000);
  expect(p.lines.some((l) => l.includes('intentd running'))).toBe(false);
  await sigtermAndTime(p);
}, 60_000);

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
