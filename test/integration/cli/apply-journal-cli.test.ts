import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NetconfSession, type SessionOptions } from '../../../src/adapters/netconf/session.js';
import { applyCommand } from '../../../src/cli/apply.js';
import { Lab } from '../../../src/lab/lab.js';
import { silentLogger } from '../../../src/log.js';
import { ApplyJournal } from '../../../src/runtime/apply-journal.js';

const GI2 = 'GigabitEthernet1/0/2';
const INTENT = 'device: c9300\ninterfaces:\n  GigabitEthernet1/0/2:\n    description: from the CLI\n';
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' }).trim();

describe('intentd apply and the apply journal (the daemon\'s device-apply path)', () => {
  let lab: Lab;
  let dir: string;
  let repo: string;
  const io = { out: () => undefined, err: () => undefined };
  const journalFile = () => join(repo, '.git', 'intentd', 'pending-applies', 'c9300.json');

  beforeEach(async () => {
    lab = await Lab.start();
    dir = mkdtempSync(join(tmpdir(), 'intentd-apply-journal-'));
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

  it('records the edit in the apply journal before it writes the device, and clears it after the audit', async () => {
    const journaledAtEdit: boolean[] = [];
    const connect = async (o: SessionOptions) => {
      const session = await NetconfSession.connect(o);
      const edit = session.editConfig.bind(session);
      session.editConfig = async (e) => {
        journaledAtEdit.push(existsSync(journalFile()));
        return edit(e);
      };
      return session;
    };
    expect(await applyCommand(lab.config({ repo }), {}, { logger: silentLogger(), connect }, io)).toBe(0);
    expect(journaledAtEdit).toEqual([true]);
    expect(existsSync(journalFile())).toBe(false);
    expect(git(repo, 'log', '-1', '--format=%s')).toBe('apply(c9300): Gi1/0/2 description');
  });

  it('records the audit of an edit interrupted before its audit commit, like the daemon after a restart', async () => {
    // A previous apply wrote the device and stopped before its audit commit: the journal holds it.
    const revision = git(repo, 'rev-parse', 'HEAD');
    const plan = { device: 'c9300', changes: [{ interface: GI2, leaf: 'description' as const, op: 'set' as const, before: null, after: 'from the CLI' }], refused: [] };
    await new ApplyJournal(join(repo, '.git', 'intentd', 'pending-applies')).write({ device: 'c9300', revision, plan, cause: 'manual apply', startedAt: new Date().toISOString() });
    lab.c9300.setLeaf(GI2, 'description', 'from the CLI');

    expect(await applyCommand(lab.config({ repo }), {}, { logger: silentLogger() }, io)).toBe(0);
    const audit = git(repo, 'log', '-1', '--format=%s%n%b');
    expect(audit).toMatch(/^apply\(c9300\): Gi1\/0\/2 description/);
    expect(audit).toContain('after a restart');
    expect(existsSync(journalFile())).toBe(false);
  });
});
