import { IntentStoreError } from '../../core/errors.js';

/**
 * git's object encodings, pure (no I/O): trees, commits and the identity line, byte for byte as
 * git writes them, so objects made here have the ids `git mktree` / `git commit-tree` would give.
 */

export type ObjectType = 'blob' | 'tree' | 'commit' | 'tag';

/** One tree entry; `mode` is kept as the tree spells it (`100644`, `40000`, …) so a rewrite keeps the other entries' bytes. */
export interface TreeEntry {
  mode: string;
  name: string;
  oid: string;
}

export interface CommitInfo {
  tree: string;
  parents: string[];
  /** Everything after the header's blank line. */
  message: string;
  /** `Name <email>` of the author line ('' when absent). */
  author: string;
}

export const isTreeMode = (mode: string): boolean => mode === '40000' || mode === '040000';

/** Parses a tree object's bytes (`<mode> <name>\0<raw id>` per entry); `idBytes` is 20 (sha1) or 32 (sha256). */
export function parseTree(data: Buffer, idBytes: number): TreeEntry[] {
  const out: TreeEntry[] = [];
  let i = 0;
  while (i < data.length) {
    const sp = data.indexOf(0x20, i);
    const nul = data.indexOf(0, sp + 1);
    if (sp < 0 || nul < 0 || nul + 1 + idBytes > data.length) throw new IntentStoreError('corrupt tree object', { retryable: false });
    out.push({
      mode: data.toString('latin1', i, sp),
      name: data.toString('utf8', sp + 1, nul),
      oid: data.toString('hex', nul + 1, nul + 1 + idBytes),
    });
    i = nul + 1 + idBytes;
  }
  return out;
}

/** git's tree order: names compared bytewise as if a subtree's name ended in '/'. */
function sortKey(e: TreeEntry): Buffer {
  return Buffer.from(isTreeMode(e.mode) ? `${e.name}/` : e.name, 'utf8');
}

/** A tree object's bytes for `entries` (any order; sorted here as git sorts them). */
export function encodeTree(entries: readonly TreeEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => Buffer.compare(sortKey(a), sortKey(b)));
  return Buffer.concat(
    sorted.flatMap((e) => [Buffer.from(`${e.mode} ${e.name}\0`, 'utf8'), Buffer.from(e.oid, 'hex')]),
  );
}

/** The header fields git needs from a commit (tree, parents) and its message. */
export function parseCommit(data: Buffer): CommitInfo {
  const text = data.toString('utf8');
  const end = text.indexOf('\n\n');
  const header = end < 0 ? text : text.slice(0, end);
  const parents: string[] = [];
  let tree = '';
  let author = '';
  for (const line of header.split('\n')) {
    if (line.startsWith('tree ')) tree = line.slice(5);
    else if (line.startsWith('author ')) author = line.slice(7).replace(/ \d+ [+-]\d{4}$/, '');
    else if (line.startsWith('parent ')) parents.push(line.slice(7));
  }
  if (tree === '') throw new IntentStoreError('corrupt commit object: no tree', { retryable: false });
  return { tree, parents, author, message: end < 0 ? '' : text.slice(end + 2) };
}

/** The object an annotated tag points at. */
export function tagTarget(data: Buffer): string {
  const m = /^object ([0-9a-f]+)$/m.exec(data.toString('utf8'));
  if (!m?.[1]) throw new IntentStoreError('corrupt tag object', { retryable: false });
  return m[1];
}

const CRUD = new Set([...'.,:;<>"\\\''].map((c) => c.charCodeAt(0)));
const isCrud = (c: number): boolean => c <= 32 || CRUD.has(c);

/** A name or email as git's ident code keeps it: crud trimmed at both ends, `<`, `>` and newlines dropped. */
export function withoutCrud(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isCrud(s.charCodeAt(a))) a++;
  while (b > a && isCrud(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b).replace(/[<>\n]/g, '');
}

/** `<unix-seconds> <±hhmm>` for a moment in the process's local time zone (as git prints it). */
export function gitDate(when: Date): string {
  const off = -when.getTimezoneOffset();
  const abs = Math.abs(off);
  const tz = `${off < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
  return `${Math.floor(when.getTime() / 1000)} ${tz}`;
}

/** `Name <email> <date>`, the author/committer/reflog identity. */
export function identLine(name: string, email: string, date: string): string {
  return `${withoutCrud(name)} <${withoutCrud(email)}> ${date}`;
}

/** A commit object's bytes exactly as `git commit-tree` writes them (no encoding header, message as given). */
export function encodeCommit(tree: string, parents: readonly string[], ident: string, message: string): Buffer {
  const head = [`tree ${tree}`, ...parents.map((p) => `parent ${p}`), `author ${ident}`, `committer ${ident}`];
  return Buffer.from(`${head.join('\n')}\n\n${message}`, 'utf8');
}
