import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { IntentStoreError } from '../../core/errors.js';
import type { ObjectType } from './git-objects.js';
import { KnownDirs } from './known-dirs.js';

/** The id git gives `data` as an object of `type` (`<type> <size>\0` + data, hashed with the repo's format). */
export function objectId(format: 'sha1' | 'sha256', type: ObjectType, data: Buffer): string {
  return createHash(format).update(`${type} ${data.length}\0`).update(data).digest('hex');
}

/**
 * Writes loose objects (`objects/xx/<rest>`, zlib-deflated header + data) in-process, the way git
 * does with `core.createObject=rename`: into a temp file in the same folder, then renamed to its final
 * name, so an object is never seen half-written under its id — a crash leaves at most a stray temp
 * file, which git ignores and gc removes. Four system calls an object (open, write, close, rename):
 * no existence check, since an object written again is the same bytes and the rename swaps them
 * atomically; one only in a pack gets a harmless loose copy. Like git's default, objects are not fsynced.
 */
export class LooseObjectWriter {
  /** Fan-out folders: made once, and again when `git prune` removed an empty one. */
  private readonly dirs = new KnownDirs();

  constructor(
    private readonly objectsDir: string,
    private readonly format: 'sha1' | 'sha256',
  ) {}

  /** Writes the object (idempotent) and returns its id. Throws a retryable IntentStoreError on I/O failure. */
  async write(type: ObjectType, data: Buffer): Promise<string> {
    return this.writeNow(type, data);
  }

  /** Synchronous: an intent file is a few KB, and its object is deflated and written in well under a millisecond. */
  private writeNow(type: ObjectType, data: Buffer): string {
    const oid = objectId(this.format, type, data);
    const dir = join(this.objectsDir, oid.slice(0, 2));
    const path = join(dir, oid.slice(2));
    const body = deflateSync(Buffer.concat([Buffer.from(`${type} ${data.length}\0`), data]), { level: 1 });
    const tmp = join(dir, `tmp_obj_${randomBytes(6).toString('hex')}`);
    try {
      const fd = this.dirs.in(dir, () => openSync(tmp, 'wx', 0o444));
      try {
        writeFileSync(fd, body);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, path);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw new IntentStoreError(`could not write git object ${oid}: ${(err as Error).message}`, { retryable: true, cause: err });
    }
    return oid;
  }
}
