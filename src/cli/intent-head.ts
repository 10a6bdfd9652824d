import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { IntentStoreError } from '../core/errors.js';
import { parseIntentYaml } from '../core/intent-yaml.js';
import type { DeviceIntent } from '../core/types.js';
import type { Config } from '../config/types.js';
import { GitRunner } from '../adapters/git/git-run.js';
import { assertDeviceName } from '../core/device-name.js';

/**
 * Read-only access to the intent repo at HEAD for the CLI (`git ls-tree` / `git show`): unlike
 * GitIntentStore.open it never creates, commits to or pushes the repo.
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
}
