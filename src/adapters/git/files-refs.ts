import { type Dirent, appendFileSync, closeSync, existsSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { IntentStoreError } from '../../core/errors.js';
import type { RepoLayout } from './repo-layout.js';
import { KnownDirs } from './known-dirs.js';

/** Outcome of a compare-and-swap on a ref. */
export type CasResult = { ok: true } | { ok: false; now: string | null; error: string };

const LOGGED = ['refs/heads/', 'refs/remotes/', 'refs/notes/'];

/**
 * Refs read and moved in-process with git's files backend protocol, interoperable with git running
 * beside us: a ref is its loose file (`<common>/refs/…`, HEAD in the worktree's own git dir), else
 * its `packed-refs` line. An update takes `<ref>.lock` with O_EXCL (another git holding it → "locked"),
 * checks the ref still has the expected value under the lock, writes the new one, appends the
 * reflog line (logs/<ref>, and logs/HEAD when HEAD points at the ref) as core.logAllRefUpdates
 * says, and renames the lock over the ref — so a concurrent writer is detected, never overwritten.
 * The files are a few bytes on the repo's own disk: they are read and written with synchronous calls
 * (tens of µs each, as git does), not a thread-pool round trip per step on the change path.
 */
export class FilesRefs {
  /** Ref and reflog folders: made once, and again when git pruned them. */
  private readonly dirs = new KnownDirs();

  constructor(private readonly repo: RepoLayout) {}

  /** The id `ref` holds (symbolic refs followed), or null when it does not exist. */
  async read(ref: string, depth = 0): Promise<string | null> {
    return this.readNow(ref, depth);
  }

  private readNow(ref: string, depth = 0): string | null {
    if (depth > 5) throw new IntentStoreError(`${ref}: symbolic ref loop`, { retryable: false });
    let loose: string | null;
    try {
      loose = readFileSync(this.pathOf(ref), 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'EISDIR' && code !== 'ENOTDIR') throw new IntentStoreError(`could not read ${ref}: ${(err as Error).message}`, { retryable: true, cause: err });
      loose = null;
    }
    if (loose !== null) {
      const value = loose.trim();
      if (value.startsWith('ref: ')) return this.readNow(value.slice(5).trim(), depth + 1);
      if (new RegExp(`^[0-9a-f]{${this.repo.hexLength}}$`).test(value)) return value;
      throw new IntentStoreError(`${ref} holds '${value.slice(0, 80)}', not an object id`, { retryable: false });
    }
    return this.packed().get(ref) ?? null;
  }

  /** The branch HEAD points at (`refs/heads/x`), or null when HEAD is detached. */
  async headTarget(): Promise<string | null> {
    return this.headTargetNow();
  }

  private headTargetNow(): string | null {
    const text = readFileSync(join(this.repo.gitDir, 'HEAD'), 'utf8');
    return /^ref: (\S+)\s*$/.exec(text)?.[1] ?? null;
  }

  /** Moves `ref` from `old` (null: must not exist) to `next`, logging `message` as git would. */
  async cas(ref: string, next: string, old: string | null, message: string, ident: string): Promise<CasResult> {
    return this.casNow(ref, next, old, message, ident);
  }

  private casNow(ref: string, next: string, old: string | null, message: string, ident: string): CasResult {
    const path = this.pathOf(ref);
    const lock = `${path}.lock`;
    let fd: number;
    try {
      fd = this.dirs.in(dirname(path), () => openSync(lock, 'wx', 0o666));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new IntentStoreError(`could not lock ${ref}: ${(err as Error).message}`, { retryable: true, cause: err });
      return { ok: false, now: this.readNow(ref), error: `Unable to create '${lock}': File exists (${ref} is locked)` };
    }
    let open = true;
    let done = false;
    try {
      const now = this.readNow(ref);
      if (now !== old) return { ok: false, now, error: `cannot lock ref '${ref}': is at ${now ?? '(none)'} but expected ${old ?? '(none)'}` };
      writeFileSync(fd, `${next}\n`);
      closeSync(fd);
      open = false;
      const line = `${old ?? '0'.repeat(this.repo.hexLength)} ${next} ${ident}\t${message.replace(/\s+/g, ' ').trim()}\n`;
      this.log(join(this.repo.commonDir, 'logs', ref), ref, line);
      if (this.headTargetOrNull() === ref) this.log(join(this.repo.gitDir, 'logs', 'HEAD'), 'HEAD', line);
      renameSync(lock, path);
      done = true;
      return { ok: true };
    } catch (err) {
      throw new IntentStoreError(`could not update ${ref}: ${(err as Error).message}`, { retryable: true, cause: err });
    } finally {
      if (open) closeSync(fd);
      if (!done) {
        try {
          unlinkSync(lock);
        } catch {
          // already gone
        }
      }
    }
  }

  private headTargetOrNull(): string | null {
    try {
      return this.headTargetNow();
    } catch {
      return null;
    }
  }

  /** Names (`ticket/<t>`, `ticket/<t>-…`) of the existing tags of a ticket, loose and packed. */
  async ticketTags(ticket: string): Promise<Set<string>> {
    const match = (name: string): boolean => name === ticket || (name.startsWith(`${ticket}-`) && !name.endsWith('.lock'));
    const out = new Set<string>();
    const dir = join(this.repo.commonDir, 'refs', 'tags', 'ticket');
    let entries: Dirent[] = [];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      // no ticket tags yet
    }
    for (const e of entries) if (e.isFile() && match(e.name)) out.add(`ticket/${e.name}`);
    for (const ref of this.packed().keys()) {
      const name = ref.startsWith('refs/tags/ticket/') ? ref.slice('refs/tags/ticket/'.length) : null;
      if (name !== null && !name.includes('/') && match(name)) out.add(`ticket/${name}`);
    }
    return out;
  }

  private pathOf(ref: string): string {
    return join(ref === 'HEAD' ? this.repo.gitDir : this.repo.commonDir, ref);
  }

  private log(file: string, ref: string, line: string): void {
    const all = this.repo.logAllRefUpdates;
    const wanted = all === 'always' || (all && (ref === 'HEAD' || LOGGED.some((p) => ref.startsWith(p))));
    if (!wanted && !existsSync(file)) return;
    this.dirs.in(dirname(file), () => appendFileSync(file, line));
  }

  /** packed-refs as ref → id (peel lines `^…` skipped); empty when there is none. */
  private packed(): Map<string, string> {
    let text = '';
    try {
      text = readFileSync(join(this.repo.commonDir, 'packed-refs'), 'utf8');
    } catch {
      // no packed refs
    }
    const out = new Map<string, string>();
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith('#') || line.startsWith('^')) continue;
      const sp = line.indexOf(' ');
      if (sp > 0) out.set(line.slice(sp + 1).trim(), line.slice(0, sp));
    }
    return out;
  }
}
