// Git hooks that put an operator's commit at an exact point of one of intentd's writes.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const OPERATOR = [
  'unset GIT_INDEX_FILE',
  'export GIT_AUTHOR_NAME=Operator GIT_AUTHOR_EMAIL=ops@example.test GIT_COMMITTER_NAME=Operator GIT_COMMITTER_EMAIL=ops@example.test',
];

/**
 * Installs `.git/hooks/<name>` running `body` (as an operator, in the work tree) the first time it
 * fires; later runs (including ones the body's own git commands cause) do nothing. Returns its remover.
 */
export function onceHook(repo: string, name: 'post-index-change' | 'post-commit', body: string[]): () => void {
  const dir = join(repo, '.git', 'hooks');
  mkdirSync(dir, { recursive: true });
  const fired = join(repo, '.git', `${name}.fired`);
  const hook = join(dir, name);
  writeFileSync(hook, ['#!/bin/sh', `[ -e '${fired}' ] && exit 0`, `touch '${fired}'`, ...OPERATOR, ...body, 'exit 0', ''].join('\n'));
  chmodSync(hook, 0o755);
  return () => {
    rmSync(hook, { force: true });
    rmSync(fired, { force: true });
  };
}

/** Hook lines: commit a new notes file (an unrelated operator commit). */
export const commitNote = (subject: string): string[] => [
  'mkdir -p notes && date +%s%N > notes/ops.md',
  'git add -- notes/ops.md',
  `git commit -q --no-verify -m '${subject}' -- notes/ops.md`,
];

/**
 * An operator's shell lines run once at the store's `beforeRefUpdate` seam (after intentd built its
 * commit, before it moves the branch): `arm(body)` sets them, `seam` goes into the store options.
 */
export function operatorAtRefUpdate(repo: string): { arm: (body: string[]) => void; seam: () => void } {
  let pending: string[] | null = null;
  return {
    arm: (body) => {
      pending = body;
    },
    seam: () => {
      const body = pending;
      pending = null;
      if (body !== null) execFileSync('sh', ['-c', [...OPERATOR, ...body].join('\n')], { cwd: repo, stdio: 'ignore' });
    },
  };
}
