import { execFileSync, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { GitRunner } from '../../../src/adapters/git/git-run.js';
import { objectId } from '../../../src/adapters/git/loose-objects.js';
import { GitPlumbing } from '../../../src/adapters/git/plumbing.js';
import { git, useTempDirs } from './helpers.js';

const temp = useTempDirs();
const WHO = { authorName: 'Intent Bot', authorEmail: 'bot@example.test' };
const AS_BOT = { GIT_AUTHOR_NAME: WHO.authorName, GIT_AUTHOR_EMAIL: WHO.authorEmail, GIT_COMMITTER_NAME: WHO.authorName, GIT_COMMITTER_EMAIL: WHO.authorEmail };

/** Runs git with extra env and stdin; returns trimmed stdout. */
function gitIn(cwd: string, args: string[], o: { input?: string; env?: Record<string, string> } = {}): string {
  return execFileSync('git', args, { cwd, input: o.input ?? '', env: { ...process.env, ...o.env }, encoding: 'utf8' }).trim();
}

async function repoWith(format: 'sha1' | 'sha256'): Promise<{ repo: string; p: GitPlumbing }> {
  const repo = temp();
  git(repo, 'init', '-q', '-b', 'main', `--object-format=${format}`);
  return { repo, p: await GitPlumbing.open(new GitRunner(repo, WHO)) };
}

describe.each(['sha1', 'sha256'] as const)('objects written in-process (%s repo)', (format) => {
  it('give blobs, trees and commits the ids git gives the same content', async () => {
    const { repo, p } = await repoWith(format);
    const text = 'device: sw1\ninterfaces: {}\n';
    const blob = await p.writeBlob(text);
    expect(blob).toBe(gitIn(repo, ['hash-object', '--stdin'], { input: text }));
    expect(gitIn(repo, ['cat-file', '-p', blob])).toBe(text.trim());
    // Tree order: a folder sorts as if its name ended in '/', so 'a' (folder) comes after 'a-b' and 'a.b'.
    const sub = gitIn(repo, ['mktree'], { input: `100644 blob ${blob}\tx\n` });
    const base = gitIn(repo, ['mktree'], { input: [`100644 blob ${blob}\ta.b`, `040000 tree ${sub}\ta`, `100755 blob ${blob}\ta-b`, `100644 blob ${blob}\ta0`].join('\n') + '\n' });
    const root = await p.commitTree(base, null, 'base\n');
    const tree = await p.treeWith(root, 'a/y/new.yaml', blob);
    const newSub = gitIn(repo, ['mktree'], { input: `100644 blob ${blob}\tnew.yaml\n` });
    const a = gitIn(repo, ['mktree'], { input: `100644 blob ${blob}\tx\n040000 tree ${newSub}\ty\n` });
    expect(tree).toBe(gitIn(repo, ['mktree'], { input: [`100644 blob ${blob}\ta.b`, `040000 tree ${a}\ta`, `100755 blob ${blob}\ta-b`, `100644 blob ${blob}\ta0`].join('\n') + '\n' }));
    expect(await p.emptyTree()).toBe(gitIn(repo, ['mktree'], { input: '' }));
    const message = 'intent(sw1): ports\n\nChange-Ticket: 42\nDevice: sw1\n';
    const commit = await p.commitTree(tree, root, message);
    // The same commit by git, at the date our commit carries (seconds and local offset).
    const date = /^author .*> (\d+ [+-]\d{4})$/m.exec(gitIn(repo, ['cat-file', 'commit', commit]))?.[1] ?? '';
    const byGit = gitIn(repo, ['commit-tree', tree, '-p', root], { input: message, env: { ...AS_BOT, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
    expect(commit).toBe(byGit);
    expect(gitIn(repo, ['fsck', '--strict', '--no-dangling'])).toBe('');
    p.close();
  });

  it('writes into a fan-out folder that git prune removed after the writer first used it', async () => {
    const { repo, p } = await repoWith(format);
    const first = await p.writeBlob('a\n');
    const dir = join(repo, '.git', 'objects', first.slice(0, 2));
    rmSync(dir, { recursive: true });
    // Another blob under the same two-hex folder: search a few contents for one.
    let text = '';
    for (let i = 0; !text; i++) if (objectId(format, 'blob', Buffer.from(`b${i}\n`)).startsWith(first.slice(0, 2))) text = `b${i}\n`;
    const again = await p.writeBlob(text);
    expect(existsSync(join(dir, again.slice(2)))).toBe(true);
    expect(gitIn(repo, ['cat-file', '-p', again])).toBe(text.trim());
    p.close();
  });
});

describe('the object reader', () => {
  it('sees loose objects git writes after it started, and answers again after its child is killed', async () => {
    const { repo, p } = await repoWith('sha1');
    const first = await p.writeBlob('one\n');
    expect(await p.catBlob(first)).toBe('one\n');
    const later = gitIn(repo, ['hash-object', '-w', '--stdin'], { input: 'written by git\n' });
    expect(await p.catBlob(later)).toBe('written by git\n');
    const pid = p.objectReader.pid as number;
    process.kill(pid, 'SIGKILL');
    // Asked right away, while the killed child may still be going: answered by a new child.
    const again = await p.writeBlob('two\n');
    expect(await p.catBlob(again)).toBe('two\n');
    expect(p.objectReader.pid).not.toBe(pid);
    await expect(p.catBlob('0'.repeat(40))).rejects.toMatchObject({ name: 'IntentStoreError' });
    p.close();
  });
});

describe('a writer process killed mid-write', () => {
  it('leaves a repository git fsck --strict finds clean, with the branch on a valid commit', async () => {
    const repo = temp();
    const store = resolve('dist/src/adapters/git/intent-store.js');
    const log = resolve('dist/src/log.js');
    const script = `
      const { GitIntentStore } = await import(${JSON.stringify(store)});
      const { silentLogger } = await import(${JSON.stringify(log)});
      const s = await GitIntentStore.open({ repo: ${JSON.stringify(repo)}, remote: null, branch: 'main', authorName: 'w', authorEmail: 'w@example.test', logger: silentLogger() });
      for (let i = 0; ; i++) {
        const iface = { name: 'GigabitEthernet1/0/1', description: 'd' + i, mode: 'access', accessVlan: 10 };
        await s.write({ device: 'sw' + (i % 7), interfaces: [iface] }, { subject: 'w' + i, device: 'sw' + (i % 7), source: 'cli', tickets: ['T' + i] }, null);
        if (i % 3 === 0) await s.audit({ subject: 'a' + i, device: 'sw1', source: 'cli', tickets: ['T' + i] });
        console.log(i);
      }`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout });
    await new Promise<void>((done) => lines.on('line', (l) => Number(l) >= 20 && done()));
    const gone = new Promise((done) => child.on('exit', done));
    child.kill('SIGKILL');
    await gone;
    expect(gitIn(repo, ['fsck', '--strict', '--no-dangling'])).toBe('');
    expect(gitIn(repo, ['cat-file', '-t', gitIn(repo, ['rev-parse', 'refs/heads/main'])])).toBe('commit');
    expect(Number(gitIn(repo, ['rev-list', '--count', 'main']))).toBeGreaterThan(20);
  }, 60_000);
});
