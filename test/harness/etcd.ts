// A real etcd (Debian etcd-server, /usr/bin/etcd) for the cluster tests: loopback only, its own temp data
// dir and free ports; stop() kills it and removes the data dir.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accepts, freePort, sleep, spawnDaemon, stopDaemon } from './processes.js';

export class EtcdServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly endpoint: string,
  ) {}

  static async start(): Promise<EtcdServer> {
    const dir = mkdtempSync(join(tmpdir(), 'intentd-etcd-'));
    const [client, peer] = [await freePort(), await freePort()];
    const endpoint = `http://127.0.0.1:${client}`;
    const child = spawnDaemon('etcd', [
      '--name', 'test', '--data-dir', join(dir, 'data'),
      '--listen-client-urls', endpoint, '--advertise-client-urls', endpoint,
      '--listen-peer-urls', `http://127.0.0.1:${peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peer}`,
      '--initial-cluster', `test=http://127.0.0.1:${peer}`, '--log-level', 'warn', '--logger', 'zap',
    ], join(dir, 'etcd.log'));
    const etcd = new EtcdServer(child, dir, endpoint);
    for (let i = 0; !(await accepts(client)); i++) {
      if (child.exitCode !== null || i > 200) {
        await etcd.stop();
        throw new Error(`etcd did not start (see ${dir}/etcd.log)`);
      }
      await sleep(50);
    }
    return etcd;
  }

  async stop(): Promise<void> {
    await stopDaemon(this.child);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
