// An operator working in the daemon's intent repo with the git CLI, as a person would: add + commit
// (naming the path), retrying while git's index lock is held by the daemon.
import { execFile } from 'node:child_process';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseDocument } from 'yaml';
import { sleep } from '../../harness/processes.js';

const run = promisify(execFile);

async function git(repo: string, args: string[]): Promise<string> {
  const base = ['-c', 'user.name=Operator', '-c', 'user.email=ops@example.test', '-c', 'commit.gpgsign=false'];
  for (let attempt = 0; ; attempt++) {
    try {
      return (await run('git', [...base, ...args], { cwd: repo })).stdout;
    } catch (err) {
      if (attempt >= 50 || !/index\.lock|cannot lock ref/.test(String((err as { stderr?: string }).stderr))) throw err;
      await sleep(20);
    }
  }
}

async function commitPath(repo: string, path: string, subject: string): Promise<void> {
  await git(repo, ['add', '--', path]);
  await git(repo, ['commit', '-q', '-m', subject, '--', path]);
}

/** Commits `n` notes files one after another; returns their subjects. */
export async function operatorCommits(repo: string, n: number, prefix = 'note'): Promise<string[]> {
  const subjects: string[] = [];
  await mkdir(join(repo, 'notes'), { recursive: true });
  for (let i = 0; i < n; i++) {
    const path = `notes/${prefix}-${i}.md`;
    await writeFile(join(repo, path), `maintenance note ${prefix} ${i}\n`);
    const subject = `ops: maintenance note ${prefix} ${i}`;
    await commitPath(repo, path, subject);
    subjects.push(subject);
  }
  return subjects;
}

/** Hand-edits one interface's description in the device's intent file at HEAD and commits it. */
export async function operatorEditsIntent(repo: string, device: string, iface: string, description: string): Promise<void> {
  const path = `devices/${device}.yaml`;
  const doc = parseDocument(await git(repo, ['show', `HEAD:${path}`]));
  if (doc.errors.length > 0) throw new Error(`${path} at HEAD is not valid YAML: ${doc.errors[0]?.message ?? ''}`);
  doc.setIn(['interfaces', iface, 'description'], description);
  // Written as an editor that saves atomically would: a temp file renamed over the original.
  const tmp = join(repo, `.${device}.yaml.swp`);
  await writeFile(tmp, doc.toString());
  await rename(tmp, join(repo, path));
  await commitPath(repo, path, `ops: ${iface} description by hand`);
}

export async function workingTreeStatus(repo: string): Promise<string> {
  return (await git(repo, ['status', '--porcelain'])).trim();
}
