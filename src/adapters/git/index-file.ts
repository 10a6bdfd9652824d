import { createHash } from 'node:crypto';
import { closeSync, lstatSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import type { RepoLayout } from './repo-layout.js';

/** One index entry to set: the file at `rel` (already written in the work tree) now holds blob `oid` (mode 100644). */
export interface IndexEntryUpdate {
  rel: string;
  oid: string;
}

/** The index could not be taken (`index.lock` held by another git): try again later. */
export const INDEX_LOCKED = 'locked';
/** The index uses a form this code does not write (v4, split or sparse index, an unknown required extension): let git do it. */
export const INDEX_UNSUPPORTED = 'unsupported';

interface Entry {
  name: string;
  /** The whole on-disk entry, padding included. */
  bytes: Buffer;
  stage: number;
}

/** Extensions that only speed git up (cache tree, fsmonitor, offset tables): dropped on write, git rebuilds them. */
const DROPPED = new Set(['TREE', 'FSMN', 'EOIE', 'IEOT']);

/**
 * Sets index entries in-process, the way `git update-index --add --cacheinfo` + `--refresh` would:
 * under `index.lock` (O_EXCL, git's own lock), the index is read (versions 2 and 3), each entry is
 * replaced or inserted in git's order with the file's stat data, the cache tree and other
 * speed-only extensions are dropped (git rebuilds them), the checksum is recomputed and the lock is
 * renamed over the index. Returns 'ok', INDEX_LOCKED, or INDEX_UNSUPPORTED (nothing was changed:
 * the caller runs git instead). Synchronous: an index is small and this is a handful of syscalls.
 */
export function setIndexEntries(layout: RepoLayout, workTree: string, updates: readonly IndexEntryUpdate[]): 'ok' | typeof INDEX_LOCKED | typeof INDEX_UNSUPPORTED {
  const path = join(layout.gitDir, 'index');
  const lock = `${path}.lock`;
  let fd: number;
  try {
    fd = openSync(lock, 'wx', 0o666);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return INDEX_LOCKED;
    throw err;
  }
  let renamed = false;
  try {
    const oidBytes = layout.hexLength / 2;
    let current: Buffer | null = null;
    try {
      current = readFileSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const parsed = current === null ? { version: 2, entries: [] as Entry[], extensions: [] as Buffer[] } : parseIndex(current, oidBytes, layout.format);
    if (parsed === null) return INDEX_UNSUPPORTED;
    const byKey = new Map(parsed.entries.map((e) => [`${e.stage}\0${e.name}`, e]));
    for (const u of updates) {
      // A path in conflict (stages 1-3) is the operator's business: let git decide.
      if ([1, 2, 3].some((s) => byKey.has(`${s}\0${u.rel}`))) return INDEX_UNSUPPORTED;
      const st = lstatSync(join(workTree, u.rel), { bigint: true });
      byKey.set(`0\0${u.rel}`, { name: u.rel, stage: 0, bytes: encodeEntry(u.rel, u.oid, st, oidBytes) });
    }
    const entries = [...byKey.values()].sort(compareEntries);
    const header = Buffer.alloc(12);
    header.write('DIRC', 0, 'latin1');
    header.writeUInt32BE(parsed.version, 4);
    header.writeUInt32BE(entries.length, 8);
    const body = Buffer.concat([header, ...entries.map((e) => e.bytes), ...parsed.extensions]);
    writeFileSync(fd, Buffer.concat([body, createHash(layout.format).update(body).digest()]));
    closeSync(fd);
    fd = -1;
    renameSync(lock, path);
    renamed = true;
    return 'ok';
  } finally {
    if (fd >= 0) closeSync(fd);
    if (!renamed) {
      try {
        unlinkSync(lock);
      } catch {
        // already gone
      }
    }
  }
}

/** git's entry order: by path bytes, then stage. */
function compareEntries(a: Entry, b: Entry): number {
  const c = Buffer.compare(Buffer.from(a.name), Buffer.from(b.name));
  return c !== 0 ? c : a.stage - b.stage;
}

/** Entries and the extensions to keep, or null for an index this code does not rewrite. */
function parseIndex(buf: Buffer, oidBytes: number, format: 'sha1' | 'sha256'): { version: number; entries: Entry[]; extensions: Buffer[] } | null {
  const hashLen = format === 'sha1' ? 20 : 32;
  if (buf.length < 12 + hashLen || buf.toString('latin1', 0, 4) !== 'DIRC') return null;
  const version = buf.readUInt32BE(4);
  if (version !== 2 && version !== 3) return null;
  const count = buf.readUInt32BE(8);
  const end = buf.length - hashLen;
  const entries: Entry[] = [];
  let at = 12;
  for (let i = 0; i < count; i++) {
    const flagsAt = at + 40 + oidBytes;
    if (flagsAt + 2 > end) return null;
    const flags = buf.readUInt16BE(flagsAt);
    const extended = (flags & 0x4000) !== 0;
    if (extended && version < 3) return null;
    const nameAt = flagsAt + 2 + (extended ? 2 : 0);
    if (extended && (buf.readUInt16BE(flagsAt + 2) & 0x4000) !== 0) return null; // skip-worktree: sparse checkout
    const nul = buf.indexOf(0, nameAt);
    if (nul < 0 || nul >= end) return null;
    const len = nul - at;
    const padded = Math.ceil((len + 1) / 8) * 8;
    entries.push({ name: buf.toString('utf8', nameAt, nul), stage: (flags >> 12) & 3, bytes: buf.subarray(at, at + padded) });
    at += padded;
  }
  const extensions: Buffer[] = [];
  while (at + 8 <= end) {
    const sig = buf.toString('latin1', at, at + 4);
    const size = buf.readUInt32BE(at + 4);
    if (at + 8 + size > end) return null;
    // Lower-case first letter: an extension git requires to understand the index (link, sdir, …).
    if (!/^[A-Z]/.test(sig)) return null;
    if (!DROPPED.has(sig)) extensions.push(buf.subarray(at, at + 8 + size));
    at += 8 + size;
  }
  return at === end ? { version, entries, extensions } : null;
}

/** A version 2/3 entry (no extended flags) for a regular, non-executable file with its stat data. */
function encodeEntry(name: string, oid: string, st: BigIntStats, oidBytes: number): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const len = 40 + oidBytes + 2 + nameBytes.length;
  const out = Buffer.alloc(Math.ceil((len + 1) / 8) * 8);
  const u32 = (v: bigint): number => Number(v & 0xffffffffn);
  const fields = [
    st.ctimeNs / 1_000_000_000n, st.ctimeNs % 1_000_000_000n, st.mtimeNs / 1_000_000_000n, st.mtimeNs % 1_000_000_000n,
    st.dev, st.ino, 0o100644n, st.uid, st.gid, st.size,
  ];
  fields.forEach((v, i) => out.writeUInt32BE(u32(v), i * 4));
  Buffer.from(oid, 'hex').copy(out, 40);
  out.writeUInt16BE(Math.min(nameBytes.length, 0xfff), 40 + oidBytes);
  nameBytes.copy(out, 42 + oidBytes);
  return out;
}
