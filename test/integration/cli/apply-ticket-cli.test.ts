import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyCommand, registerApply } from '../../../src/cli/apply.js';
import { ValidationError } from '../../../src/core/errors.js';
import { Lab } from '../../../src/lab/lab.js';
import { silentLogger } from '../../../src/log.js';

const INTENT = 'device: c9300\ninterfaces:\n  GigabitEthernet1/0/2:\n    description: from the CLI\n';
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' }).trim();

describe('intentd apply --ticket against the simulated switch', () => {
  let lab: Lab;
  let dir: string;
  let repo: string;
  const io = { out: () => undefined, err: () => undefined };

  beforeEach(async () => {
    lab = await Lab.start();
    dir = mkdtempSync(join(tmpdir(), 'intentd-apply-ticket-'));
    repo = join(dir, 'intent');
    mkdirSync(join(repo, 'devices'), { recursive: true });
    git(repo, 'init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'devices', 'c9300.yaml'), INTENT);
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'operator: intent for c9300');
  });
  afterEach(async () => {
    await lab.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['12.', '1..2', 'x.lock', '-x', 'a b'])('refuses --ticket %j with a clear error before contacting the device', async (ticket) => {
    const config = lab.config({ repo });
    const err = await applyCommand(config, { ticket }, { logger: silentLogger() }, io).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).problems).toEqual([expect.stringContaining(`--ticket: ticket '${ticket}' `)]);
    expect(lab.c9300.requests).toEqual([]);
    expect(git(repo, 'rev-list', '--count', 'HEAD')).toBe('1');
  });

  it('reports a bad --ticket as a usage error on the command line (exit 1)', async () => {
    let stderr = '';
    const program = new Command().exitOverride().configureOutput({ writeErr: (s) => void (stderr += s), writeOut: () => undefined });
    registerApply(program);
    await expect(program.parseAsync(['node', 'intentd', 'apply', '--ticket', '12.'])).rejects.toMatchObject({ code: 'commander.invalidArgument', exitCode: 1 });
    expect(stderr).toContain(`ticket '12.' must not end with "."`);
    expect(lab.c9300.requests).toEqual([]);
  });

  it('applies with a good --ticket and records it as the trailer and tag of the audit commit', async () => {
    expect(await applyCommand(lab.config({ repo }), { ticket: 'CHG-42' }, { logger: silentLogger() }, io)).toBe(0);
    expect(/<description>([^<]*)<\/description>/.exec(lab.c9300.runningXml('GigabitEthernet1/0/2'))?.[1]).toBe('from the CLI');
    expect(git(repo, 'log', '--format=%s', '--grep=^Change-Ticket: CHG-42$')).toBe('apply(c9300): Gi1/0/2 description');
    expect(git(repo, 'tag', '-l', 'ticket/*')).toBe('ticket/CHG-42');
  });
});
