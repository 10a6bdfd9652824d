import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { IntentStoreError } from '../core/errors.js';
import type { CommitMeta, IntentStorePort, StoredIntent, WriteResult } from '../core/ports.js';
import { parseIntentYaml } from '../core/intent-yaml.js';
import type { DeviceIntent } from '../core/types.js';
import type { Config } from '../config/types.js';
import { GitRunner } from '../adapters/git/git-run.js';
import { assertDeviceName } from '../core/device-name.js';

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
      trailersOf: () => this.trailersOf(),
      log: () => this.log(),
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

  /** Not needed to plan: no history. */
  async trailersOf(): Promise<Record<string, string>> {
    return {};
  }

  /** Not needed to plan: no history. */
  async log(): Promise<Array<{ commit: string; subject: string; trailers: Record<string, string>; date: string }>> {
    return [];
  }

  write(_intent: DeviceIntent, meta: CommitMeta): Promise<WriteResult> {
    return Promise.reject(new IntentStoreError(`read-only intent view: cannot commit ${meta.subject}`));
  }

  audit(meta: CommitMeta): Promise<string> {
    return Promise.reject(new IntentStoreError(`read-only intent view: cannot record ${meta.subject}`));
  }
}
