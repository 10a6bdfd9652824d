import { mkdirSync } from 'node:fs';

/**
 * Folders known to exist, for writers that create files in a few folders over and over (object fan-out,
 * ref and reflog folders): the mkdir is made once per folder, and again when a call finds the folder
 * gone (`git prune` and `git pack-refs` remove empty ones).
 */
export class KnownDirs {
  private readonly dirs = new Set<string>();

  /** Runs `fn` (a call creating a file in `dir`), making `dir` first when it is not known to exist or has gone. */
  in<T>(dir: string, fn: () => T): T {
    if (this.dirs.has(dir)) {
      try {
        return fn();
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        this.dirs.delete(dir);
      }
    }
    mkdirSync(dir, { recursive: true });
    this.dirs.add(dir);
    return fn();
  }
}
