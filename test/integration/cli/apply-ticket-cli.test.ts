import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { git, useCliLab } from './cli-lab.js';
import { applyCommand, registerApply } from '../../../src/cli/apply.js';
import { ValidationError } from '../../../src/core/errors.js';
import { silentLogger } from '../../../src/log.js';
import { suspendCommand } from '../../../src/cli/suspend.js';


describe('intentd apply --ticket against the simulated switch', () => {
  const t = useCliLab('apply-ticket');

  it.each(['12.', '1..2', 'x.lock', '-x', 'a b'])('refuses --ticket %j with a clear error before contacting the device', async (ticket) => {
    const config = t.lab.config({ repo: t.repo });
    const err = await applyCommand(config, { ticket }, { logger: silentLogger() }, t.io).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).problems).toEqual([expect.stringContaining(`--ticket: ticket '${ticket}' `)]);
    expect(t.lab.c9300.requests).toEqual([]);
    expect(git(t.repo, 'rev-list', '--count', 'HEAD')).toBe('1');
  });

  it('reports a bad --ticket as a usage error on the command line (exit 1)', async () => {
    let stderr = '';
    const program = new Command().exitOverride().configureOutput({ writeErr: (s) => void (stderr += s), writeOut: () => undefined });
    registerApply(program);
    await expect(program.parseAsync(['node', 'intentd', 'apply', '--ticket', '12.'])).rejects.toMatchObject({ code: 'commander.invalidArgument', exitCode: 1 });
    expect(stderr).toContain(`ticket '12.' must not end with "."`);
    expect(t.lab.c9300.requests).toEqual([]);
  });

  it('applies with a good --ticket and records it as the trailer and tag of the audit commit', async () => {
    expect(await applyCommand(t.lab.config({ repo: t.repo }), { ticket: 'CHG-42' }, { logger: silentLogger() }, t.io)).toBe(0);
    expect(/<description>([^<]*)<\/description>/.exec(t.lab.c9300.runningXml('GigabitEthernet1/0/2'))?.[1]).toBe('from the CLI');
    expect(git(t.repo, 'log', '--format=%s', '--grep=^Change-Ticket: CHG-42$')).toBe('apply(c9300): Gi1/0/2 description');
    expect(git(t.repo, 'tag', '-l', 'ticket/*')).toBe('ticket/CHG-42');
  });

  it('does not write a suspended device: exit 1 with DeviceSuspended, the device untouched', async () => {
    const config = t.lab.config({ repo: t.repo });
    expect(await suspendCommand(config, true, { device: 'c9300', reason: 'incident', by: 'erin' }, silentLogger(), t.io)).toBe(0);
    const err: string[] = [];
    expect(await applyCommand(config, {}, { logger: silentLogger() }, { out: () => undefined, err: (s) => void err.push(s) })).toBe(1);
    expect(err.join('')).toMatch(/device c9300: DeviceSuspended: suspended by erin \(incident\): nothing sent/);
    expect(t.lab.c9300.requests.filter((r) => r.operation === 'edit-config')).toEqual([]);
    expect(git(t.repo, 'log', '-1', '--format=%s')).toBe('policy: suspend c9300 (incident)');
  });
});
