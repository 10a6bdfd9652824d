import { appendFile, mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { IntentStoreError } from '../../core/errors.js';
import type { RepoLayout } from './repo-layout.js';

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
 */
export class FilesRefs {
  constructor(private readonly repo: RepoLayout) {}

  /** The id `ref` holds (symbolic refs followed), or null when it does not exist. */
  async read(ref: string, depth = 0): Promise<string | null> {
    if (depth > 5) throw new IntentStoreError(`${ref}: symbolic ref loop`, { retryable: false });
    const loose = await readFile(this.pathOf(ref), 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'EISDIR' || err.code === 'ENOTDIR') return null;
      throw new IntentStoreError(`could not read ${ref}: ${err.message}`, { retryable: true, cause: err });
    });
    if (loose !== null) {
      const value = loose.trim();
      if (value.startsWith('ref: ')) return this.read(value.slice(5).trim(), depth + 1);
      if (new RegExp(`^[0-9a-f]{${this.repo.hexLength}}$`).test(value)) return value;
      throw new IntentStoreError(`${ref} holds '${value.slice(0, 80)}', not an object id`, { retryable: false });
    }
    return (await this.packed()).get(ref) ?? null;
  }

  /** The branch HEAD points at (`refs/heads/x`), or null when HEAD is detached. */
  async headTarget(): Promise<string | null> {
    const text = await readFile(join(this.repo.gitDir, 'HEAD'), 'utf8');
    return /^ref: (\S+)\s*$/.exec(text)?.[1] ?? null;
  }

  /** Moves `ref` from `old` (null: must not exist) to `next`, logging `message` as git would. */
  async cas(ref: string, next: string, old: string | null, message: string, ident: string): Promise<CasResult> {
    const path = this.pathOf(ref);
    const lock = `${path}.lock`;
    await mkdir(dirname(path), { recursive: true });
    const fh = await open(lock, 'wx', 0o666).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw new IntentStoreError(`could not lock ${ref}: ${err.message}`, { retryable: true, cause: err });
      return null;
    });
    if (fh === null) return { ok: false, now: await this.read(ref), error: `Unable to create '${lock}': File exists (${ref} is locked)` };
    let done = false;
    try {
      const now = await this.read(ref);
      if (now !== old) return { ok: false, now, error: `cannot lock ref '${ref}': is at ${now ?? '(none)'} but expected ${old ?? '(none)'}` };
      await fh.writeFile(`${next}\n`);
      await fh.close();
      const line = `${old ?? '0'.repeat(this.repo.hexLength)} ${next} ${ident}\t${message.replace(/\s+/g, ' ').trim()}\n`;
      await this.log(join(this.repo.commonDir, 'logs', ref), ref, line);
      if ((await this.headTarget().catch(() => null)) === ref) await this.log(join(this.repo.gitDir, 'logs', 'HEAD'), 'HEAD', line);
      await rename(lock, path);
      done = true;
      return { ok: true };
    } catch (err) {
      throw new IntentStoreError(`could not update ${ref}: ${(err as Error).message}`, { retryable: true, cause: err });
    } finally {
      await fh.close().catch(() => undefined);
      if (!done) await unlink(lock).catch(() => undefined);
    }
  }

  /** Names (`ticket/<t>`, `ticket/<t>-…`) of the existing tags of a ticket, loose and packed. */
  async ticketTags(ticket: string): Promise<Set<string>> {
    const match = (name: string): boolean => name === ticket || (name.startsWith(`${ticket}-`) && !name.endsWith('.lock'));
    const out = new Set<string>();
    const dir = join(this.repo.commonDir, 'refs', 'tags', 'ticket');
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) if (e.isFile() && match(e.name)) out.add(`ticket/${e.name}`);
    for (const ref of (await this.packed()).keys()) {
      const name = ref.startsWith('refs/tags/ticket/') ? ref.slice('refs/tags/ticket/'.length) : null;
      if (name !== null && !name.includes('/') && match(name)) out.add(`ticket/${name}`);
    }
    return out;
  }

  private pathOf(ref: string): string {
    return join(ref === 'HEAD' ? this.repo.gitDir : this.repo.commonDir, ref);
  }

  private async log(file: string, ref: string, line: string): Promise<void> {
    const all = this.repo.logAllRefUpdates;
    const wanted = all === 'always' || (all && (ref === 'HEAD' || LOGGED.some((p) => ref.startsWith(p))));
    if (!wanted && !(await stat(file).then(() => true, () => false))) return;
    await mkdir(dirname(file), { recursive: true });
    await appendFile(file, line);
  }

  /** packed-refs as ref → id (peel lines `^…` skipped); empty when there is none. */
  private async packed(): Promise<Map<string, string>> {
    const text = await readFile(join(this.repo.commonDir, 'packed-refs'), 'utf8').catch(() => '');
    const out = new Map<string, string>();
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith('#') || line.startsWith('^')) continue;
      const sp = line.indexOf(' ');
      if (sp > 0) out.set(line.slice(sp + 1).trim(), line.slice(0, sp));
    }
    return out;
  }
}
