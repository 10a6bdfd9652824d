import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, useCliLab } from './cli-lab.js';
import { NetconfSession, type SessionOptions } from '../../../src/adapters/netconf/session.js';
import { applyCommand } from '../../../src/cli/apply.js';
import { silentLogger } from '../../../src/log.js';
import { ApplyJournal } from '../../../src/runtime/apply-journal.js';

const GI2 = 'GigabitEthernet1/0/2';

describe('intentd apply and the apply journal (the daemon\'s device-apply path)', () => {
  const t = useCliLab('apply-journal');
  const journalFile = () => join(t.repo, '.git', 'intentd', 'pending-applies', 'c9300.json');

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
    expect(await applyCommand(t.lab.config({ repo: t.repo }), {}, { logger: silentLogger(), connect }, t.io)).toBe(0);
    expect(journaledAtEdit).toEqual([true]);
    expect(existsSync(journalFile())).toBe(false);
    expect(git(t.repo, 'log', '-1', '--format=%s')).toBe('apply(c9300): Gi1/0/2 description');
  });

  it('records the audit of an edit interrupted before its audit commit, like the daemon after a restart', async () => {
    // A previous apply wrote the device and stopped before its audit commit: the journal holds it.
    const revision = git(t.repo, 'rev-parse', 'HEAD');
    const plan = { device: 'c9300', changes: [{ interface: GI2, leaf: 'description' as const, op: 'set' as const, before: null, after: 'from the CLI' }], refused: [] };
    await new ApplyJournal(join(t.repo, '.git', 'intentd', 'pending-applies')).write({ device: 'c9300', revision, plan, cause: 'manual apply', startedAt: new Date().toISOString() });
    t.lab.c9300.setLeaf(GI2, 'description', 'from the CLI');

    expect(await applyCommand(t.lab.config({ repo: t.repo }), {}, { logger: silentLogger() }, t.io)).toBe(0);
    const audit = git(t.repo, 'log', '-1', '--format=%s%n%b');
    expect(audit).toMatch(/^apply\(c9300\): Gi1\/0\/2 description/);
    expect(audit).toContain('after a restart');
    expect(existsSync(journalFile())).toBe(false);
  });
});
