import { readFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { asIntentdError, ValidationError } from '../core/errors.js';
import { intentProblems } from '../core/intent-checks.js';
import { parseIntentYaml } from '../core/intent-yaml.js';
import type { PlatformRules } from '../core/platform-rules.js';
import type { DeviceIntent } from '../core/types.js';
import { isDeviceName } from '../core/device-name.js';
import type { Logger } from '../log.js';

/** What the watch needs from the intent store (GitIntentStore provides it). */
export interface IntentWatchStore {
  head(): Promise<string | null>;
  /** Whether it throws ValidationError, and the intent read (checked against the platform's rules). */
  read(device: string): Promise<{ intent: DeviceIntent } | null>;
  changedDevices(from: string | null, to: string): Promise<string[]>;
  /** Whether `text` is exactly the device's file at HEAD (then HEAD's parsed, cached intent stands for it). */
  isCommittedText?(device: string, text: string): Promise<boolean>;
}

export interface IntentWatchOptions {
  repo: string;
  store: IntentWatchStore;
  /** Quiet time before a burst of file/ref events is handled (config intent.watchDebounceMs). */
  debounceMs: number;
  logger: Logger;
  /** A device whose intent may have changed: a nudge carrying only the key. */
  onDevice: (device: string) => void;
  /** A device whose file (on disk or at HEAD) failed validation; it is not passed to onDevice. */
  onInvalid: (device: string, error: ValidationError) => void;
  /** The device's platform rules when its platform is known (null: platform-independent checks only). */
  rulesFor?: (device: string) => Promise<PlatformRules | null>;
  /** The branch moved (any commit, e.g. one that changed policy.yaml): a nudge carrying nothing. */
  onHeadMoved?: () => void;
}


/**
 * Watches `<repo>/devices/*.yaml` and the repo's HEAD and branch refs, so hand edits, `git pull`,
 * `git revert` and `git reset` all nudge the affected devices. Events are debounced; each device
 * is validated (the working-tree file for file events, the file at HEAD for ref moves) before
 * `onDevice`, an invalid one goes to `onInvalid` instead. intentd's own store writes are seen too:
 * harmless, as reconciles are level-triggered and idempotent.
 */
export class IntentWatchSource {
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastHead: string | null = null;
  private fileEvents = new Set<string>();
  private refMoved = false;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly o: IntentWatchOptions) {}

  /** Starts watching; resolves once the initial scan is done (events before that are not reported). */
  async start(): Promise<void> {
    this.lastHead = await this.o.store.head();
    const git = join(this.o.repo, '.git');
    const devices = join(this.o.repo, 'devices');
    const watcher = watch([devices, git], { ignoreInitial: true, ignored: (p) => !this.wanted(p) });
    this.watcher = watcher;
    watcher.on('all', (_event, path) => this.onEvent(path));
    watcher.on('error', (err) => this.o.logger.warn({ err }, 'intent watch error'));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    this.o.logger.debug({ repo: this.o.repo }, 'intent watch ready');
  }

  /** Stops watching and drops pending events. Idempotent. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const w = this.watcher;
    this.watcher = null;
    if (w) await w.close();
    await this.flushing;
  }

  /** Paths under the repo the watch descends into or reports: devices/*.yaml and git refs only. */
  private wanted(path: string): boolean {
    const rel = relative(this.o.repo, path).split(sep).join('/');
    if (rel === 'devices' || /^devices\/[^/]+\.yaml$/.test(rel)) return true;
    if (rel === '.git' || rel === '.git/HEAD' || rel === '.git/packed-refs' || rel === '.git/refs') return true;
    return rel === '.git/refs/heads' || (rel.startsWith('.git/refs/heads/') && !rel.endsWith('.lock'));
  }

  private onEvent(path: string): void {
    const rel = relative(this.o.repo, path).split(sep).join('/');
    if (rel.startsWith('.git')) this.refMoved = true;
    else if (rel.startsWith('devices/')) {
      const device = basename(rel, '.yaml');
      if (isDeviceName(device)) this.fileEvents.add(device);
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flushing = this.flushing.then(() => this.flush());
    }, this.o.debounceMs);
  }

  private async flush(): Promise<void> {
    if (!this.watcher) return;
    const files = this.fileEvents;
    this.fileEvents = new Set();
    const refMoved = this.refMoved;
    this.refMoved = false;
    try {
      const atHead = new Set<string>();
      if (refMoved) {
        const head = await this.o.store.head();
        if (head !== null && head !== this.lastHead) {
          for (const d of await this.o.store.changedDevices(this.lastHead, head)) atHead.add(d);
          this.o.onHeadMoved?.();
        }
        this.lastHead = head;
      }
      for (const device of [...new Set([...files, ...atHead])].sort()) {
        const problem = (files.has(device) ? await this.checkFile(device) : null) ?? (atHead.has(device) ? await this.checkHead(device) : null);
        if (problem) {
          this.o.logger.warn({ device, problems: problem.problems }, 'intent file invalid: not reconciled');
          this.o.onInvalid(device, problem);
        } else {
          this.o.onDevice(device);
        }
      }
    } catch (err) {
      this.o.logger.error({ err: asIntentdError(err) }, 'intent watch could not read the repo');
    }
  }

  private async checkFile(device: string): Promise<ValidationError | null> {
    const rel = `devices/${device}.yaml`;
    let text: string;
    try {
      text = await readFile(join(this.o.repo, rel), 'utf8');
    } catch {
      return null; // deleted: the reconciler finds no intent and decides
    }
    // The file intentd (or anyone) committed: HEAD's intent, parsed once by the store, is checked instead.
    if (await this.o.store.isCommittedText?.(device, text)) return this.checkHead(device);
    const rules = (await this.o.rulesFor?.(device)) ?? null;
    try {
      parseIntentYaml(text, rel, rules ? { expectDevice: device, rules } : { expectDevice: device });
      return null;
    } catch (err) {
      if (err instanceof ValidationError) return err;
      throw err;
    }
  }

  private async checkHead(device: string): Promise<ValidationError | null> {
    try {
      const stored = await this.o.store.read(device);
      const rules = stored ? await this.o.rulesFor?.(device) : null;
      const problems = stored && rules ? intentProblems(stored.intent, `devices/${device}.yaml`, rules) : [];
      if (problems.length > 0) return new ValidationError(`devices/${device}.yaml: invalid intent for platform ${rules?.platform ?? ''}`, problems);
      return null;
    } catch (err) {
      if (err instanceof ValidationError) return err;
      throw err;
    }
  }
}
