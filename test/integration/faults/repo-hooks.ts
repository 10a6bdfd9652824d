// Git hooks installed in the daemon's intent repo to put a fault at an exact point of a daemon commit. The
// daemon commits with --no-verify, which skips pre-commit and commit-msg only: post-commit and
// reference-transaction still run. Each installer returns a function that removes the hook.
import { existsSync } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

async function install(repo: string, name: string, lines: string[]): Promise<() => Promise<void>> {
  const hook = join(repo, '.git', 'hooks', name);
  await mkdir(join(repo, '.git', 'hooks'), { recursive: true });
  await writeFile(hook, ['#!/bin/sh', ...lines, ''].join('\n'));
  await chmod(hook, 0o755);
  return () => rm(hook, { force: true });
}

/**
 * Right after a commit whose message matches `pattern` (a shell `case` glob), an operator commits
 * notes/after-hook.md: an external commit landing between the daemon's commit and its next git command.
 */
export function commitRightAfter(repo: string, pattern: string): Promise<() => Promise<void>> {
  return install(repo, 'post-commit', [
    'unset GIT_INDEX_FILE',
    'msg=$(git log -1 --format=%B)',
    'case "$msg" in',
    `  ${pattern})`,
    '    mkdir -p notes && date +%s%N > notes/after-hook.md',
    '    git add -- notes/after-hook.md',
    '    GIT_AUTHOR_NAME=Operator GIT_AUTHOR_EMAIL=ops@example.test GIT_COMMITTER_NAME=Operator GIT_COMMITTER_EMAIL=ops@example.test \\',
    '      git commit -q --no-verify -m "ops: commit right after the daemon\'s" -- notes/after-hook.md ;;',
    'esac',
  ]);
}

export interface HeldCommit {
  /** Resolves once a matching commit is held (created but its branch update not yet done). */
  held(timeoutMs: number): Promise<void>;
  /** Lets the held commit fail: the branch is not updated, as if the process died before it. */
  abort(): Promise<void>;
  remove(): Promise<void>;
}

/**
 * Holds the branch update of the next commit whose message matches `pattern` (reference-transaction
 * hook, state "prepared") until abort(), which makes the update fail so the commit never lands.
 */
export async function holdCommit(repo: string, dir: string, pattern: string): Promise<HeldCommit> {
  const mark = join(dir, 'commit-held');
  const release = join(dir, 'commit-release');
  const remove = await install(repo, 'reference-transaction', [
    '[ "$1" = prepared ] || exit 0',
    'while read -r old new ref; do',
    '  [ "$ref" = refs/heads/main ] || continue',
    '  msg=$(git log -1 --format=%B "$new" 2>/dev/null)',
    '  case "$msg" in',
    `    ${pattern})`,
    `      touch '${mark}'`,
    `      while [ ! -e '${release}' ]; do sleep 0.05; done`,
    '      exit 1 ;;',
    '  esac',
    'done',
    'exit 0',
  ]);
  return {
    async held(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!existsSync(mark)) {
        if (Date.now() > deadline) throw new Error('no matching commit was held in time');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async abort() {
      await writeFile(release, '');
    },
    remove,
  };
}
