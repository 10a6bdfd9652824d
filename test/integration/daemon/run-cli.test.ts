import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Lab } from '../../../src/lab/lab.js';

/** `intentd run` as an operator starts it: a config file, JSON logs on stdout, SIGTERM to stop. */
describe('intentd run', () => {
  let lab: Lab;
  let dir: string;
  beforeEach(async () => {
    lab = await Lab.start();
    dir = mkdtempSync(join(tmpdir(), 'intentd-run-'));
  });
  afterEach(async () => {
    await lab.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves, logs JSON without secrets, and exits 0 on SIGTERM after finishing its work', async () => {
    const file = join(dir, 'intentd.yaml');
    writeFileSync(file, lab.configYaml({ repo: join(dir, 'intent'), listen: '127.0.0.1:0', poll: null, resync: null }));
    const child = spawn(process.execPath, ['dist/src/cli.js', 'run', '-c', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 20_000;
    let url: string | undefined;
    while (!url && Date.now() < deadline) {
      url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out)?.[1];
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(url, out).toBeDefined();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    while (!out.includes('audit') && !out.includes('intent committed') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = out.trim().split('\n');
    for (const l of lines) expect(() => JSON.parse(l), l).not.toThrow();
    expect(out).toContain('"msg":"stopped"');
    expect(out).not.toContain(lab.netbox.tokenV2);
    expect(out).not.toContain(lab.webhookSecret);
    expect(out).not.toContain('C1sco12345');
    expect(out).not.toContain(lab.apiToken);
  });

  it('refuses to start without a NetBox webhook secret: exit 78 and the reason on stderr', async () => {
    const file = join(dir, 'intentd.yaml');
    const yaml = lab.configYaml({ repo: join(dir, 'intent'), listen: '127.0.0.1:0', poll: null, resync: null });
    writeFileSync(file, yaml.replace(/^ {2}webhookSecret: .*$/m, '  webhookSecret: null'));
    const child = spawn(process.execPath, ['dist/src/cli.js', 'run', '-c', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code, err).toBe(78);
    expect(err).toMatch(/\/netbox\/webhookSecret: not set/);
    expect(err).toMatch(/allowUnsignedWebhooks/);
    expect(lab.netbox.requests).toEqual([]);
  });
});
