import { ValidationError } from '../../core/errors.js';
import { sameManagedContent } from '../../core/intent-compare.js';
import { canonicalIntent, serializeIntent } from '../../core/intent-yaml.js';
import type { DeviceIntent } from '../../core/types.js';
import type { CommitPlan } from './intent-committer.js';
import { mergeIntent } from './intent-merge.js';
import type { GitPlumbing } from './plumbing.js';

/**
 * What one write() commits on top of a given branch tip. `base` is the blob the caller's intent
 * was read from (undefined: the file at the first tip planned on). When the tip's file differs
 * from it, the intent is merged with the tip's (mergeIntent); when the result has the tip's managed
 * content, there is nothing to commit. An invalid file at the tip is replaced by the intent.
 */
export class WritePlan {
  /** The blob before and the text after of the last plan made (for the working-tree update). */
  written: { beforeBlob: string | null; after: string };
  /** The intent the `after` text holds, as parsing it gives it back. */
  writtenIntent: DeviceIntent;
  private readonly rel: string;

  /**
   * `parsed(blob)`: the intent in a file (ValidationError when invalid), through the store's parse cache,
   * which reads the blob's text only when it does not know the blob.
   */
  constructor(
    private readonly plumbing: GitPlumbing,
    private readonly intent: DeviceIntent,
    private readonly text: string,
    private base: string | null | undefined,
    private readonly parsed: (blob: string) => Promise<DeviceIntent>,
  ) {
    this.rel = `devices/${intent.device}.yaml`;
    this.written = { beforeBlob: null, after: text };
    this.writtenIntent = intent;
  }

  async plan(tip: string): Promise<CommitPlan> {
    const blob = await this.plumbing.blobAt(tip, this.rel);
    this.base ??= blob;
    const theirs = await this.parse(blob);
    let next = this.intent;
    if (blob !== this.base && theirs !== undefined) {
      const was = await this.parse(this.base);
      if (was !== undefined) next = mergeIntent(was, theirs, this.intent);
    }
    if (theirs && sameManagedContent(theirs, next)) return { kind: 'none' };
    // A merged intent is validated again as a whole (ValidationError) and written canonically.
    const written = next === this.intent ? this.intent : canonicalIntent(next, this.rel, { expectDevice: this.intent.device });
    const after = written === this.intent ? this.text : serializeIntent(written);
    this.written = { beforeBlob: blob, after };
    this.writtenIntent = written;
    return { kind: 'file', rel: this.rel, text: after };
  }

  /** The intent in a blob (null: no file), or undefined when the file is invalid. */
  private async parse(blob: string | null): Promise<DeviceIntent | null | undefined> {
    if (blob === null) return null;
    try {
      return await this.parsed(blob);
    } catch (err) {
      if (err instanceof ValidationError) return undefined;
      throw err;
    }
  }
}
