import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { IntentStoreError } from '../core/errors.js';
import type { CommitMeta, IntentStorePort, StoredIntent, WriteResult } from '../core/ports.js';
import { parseIntentYaml } from '../core/intent-yaml.js';
import type { DeviceIntent } from '../core/types.js';
import type { Config } from '../config/types.js';
import { GitRunner } from '../adapters/git/git-run.js';
import { assertDeviceName } from '../core/device-name.js';
import { parseTrailers } from '../adapters/git/commit-message.js';

/**
 * Read-only access to the intent repo at HEAD for the CLI (`git ls-tree` / `git show`): unlike
 * GitIntentStore.open it never creates, commits to or pushes the repo. `asStore()` is the
 * IntentStorePort view of it (for `intentd plan`), whose writes throw IntentStoreError.
 */
export class IntentAtHead {
  private readonly git: GitRunner;

  constructor(private readonly config: Config) {
    const repo = resolve(config.intent.repo);
    if (!existsSync(repo)) throw new IntentStoreError(`intent repo ${repo} does not exist`);
    this.git = new GitRunner(repo, config.intent);
  }

  /** Device names with an intent file at HEAD, sorted ([] in a repo without commits). */
  async devices(): Promise<string[]> {
    const head = await this.git.try(['rev-parse', '-q', '--verify', 'HEAD^{commit}']);
    if (head.stdout.trim() === '') return [];
    const out = await this.git.run(['ls-tree', '--name-only', 'HEAD', 'devices/']);
    return out
      .split('\n')
      .map((l) => /^devices\/(.+)\.yaml$/.exec(l.trim())?.[1])
      .filter((d): d is string => d !== undefined)
      .sort();
  }

  /** The device's validated intent at HEAD; IntentStoreError when it has no file, ValidationError when bad. */
  async read(device: string): Promise<DeviceIntent> {
    assertDeviceName(device);
    const file = `devices/${device}.yaml`;
    const text = await this.git.run(['show', `HEAD:${file}`]).catch((err: unknown) => {
      throw new IntentStoreError(`no intent for ${device} at HEAD (${file})`, { cause: err });
    });
    return parseIntentYaml(text, file, { expectDevice: device });
  }

  asStore(): IntentStorePort {
    return {
      head: () => this.head(),
      listDevices: () => this.devices(),
      read: (device) => this.readOrNull(device),
      write: (intent, meta) => this.write(intent, meta),
      revisionOf: (device, at) => this.revisionOf(device, at),
      trailersOf: (commit) => this.trailersOf(commit),
      log: (o) => this.log(o),
      commitOf: (commit) => this.commitOf(commit),
      readAt: (device, commit) => this.readAt(device, commit),
      audit: (meta) => this.audit(meta),
    };
  }

  async head(): Promise<string | null> {
    const head = await this.git.try(['rev-parse', '-q', '--verify', 'HEAD^{commit}']);
    return head.stdout.trim() || null;
  }

  /** `read` with its base, or null for a device without an intent file at HEAD (the port's contract). */
  async readOrNull(device: string): Promise<StoredIntent | null> {
    assertDeviceName(device);
    const commit = await this.head();
    if (commit === null || !(await this.devices()).includes(device)) return null;
    const blob = (await this.git.run(['rev-parse', `${commit}:devices/${device}.yaml`])).trim();
    return { intent: await this.read(device), base: { commit, blob } };
  }

  /** The commit that last changed the device's file as of `at` (default HEAD), or null. */
  async revisionOf(device: string, at?: string): Promise<string | null> {
    assertDeviceName(device);
    if (at === undefined && (await this.head()) === null) return null;
    const out = await this.git.run(['log', '-1', '--format=%H', at ?? 'HEAD', '--', `devices/${device}.yaml`]);
    return out.trim() || null;
  }

  /** One commit's trailers (drift origins and reverts in a plan). */
  async trailersOf(commit: string): Promise<Record<string, string>> {
    return parseTrailers(await this.git.run(['log', '-1', '--format=%(trailers:only,unfold)', commit]));
  }

  /** The device's commits, newest first (the audit trail tells a plan which revision was verified). */
  async log(o: { device?: string; max?: number } = {}): Promise<Array<{ commit: string; subject: string; trailers: Record<string, string>; date: string }>> {
    if ((await this.head()) === null) return [];
    const args = ['log', '--format=%H%x1f%s%x1f%cI%x1f%(trailers:only,unfold)%x1e'];
    if (o.device !== undefined) args.push(`--grep=^Device: ${o.device}$`);
    if (o.max !== undefined) args.push(`--max-count=${o.max}`);
    return (await this.git.run(args))
      .split('\x1e')
      .map((r) => r.replace(/^\n/, ''))
      .filter((r) => r.trim() !== '')
      .map((r) => {
        const [commit = '', subject = '', date = '', trailers = ''] = r.split('\x1f');
        return { commit, subject, date, trailers: parseTrailers(trailers) };
      })
      .filter((e) => o.device === undefined || e.trailers.Device === o.device);
  }

  async commitOf(commit: string): Promise<{ message: string; author: string; parents: string[] }> {
    const [author = '', parents = '', message = ''] = (await this.git.run(['log', '-1', '--format=%an <%ae>%x1f%P%x1f%B', commit])).split('\x1f');
    return { author, parents: parents.split(' ').filter((p) => p !== ''), message };
  }

  /** The device's intent as of `commit`, or null when it has no file there. */
  async readAt(device: string, commit: string): Promise<DeviceIntent | null> {
    assertDeviceName(device);
    const file = `devices/${device}.yaml`;
    const r = await this.git.try(['show', `${commit}:${file}`]);
    return r.code === 0 ? parseIntentYaml(r.stdout, file, { expectDevice: device }) : null;
  }

  write(_intent: DeviceIntent, meta: CommitMeta): Promise<WriteResult> {
    return Promise.reject(new IntentStoreError(`read-only intent view: cannot commit ${meta.subject}`));
  }

  audit(meta: CommitMeta): Promise<string> {
    return Promise.reject(new IntentStoreError(`read-only intent view: cannot record ${meta.subject}`));
  }
}
