import { assertGitTop } from './git-client.js';
import { GitRunner } from './git-run.js';
import { devicesIn } from './intent-store.js';

export interface HeadFile {
  /** The device the file name gives, or null when the name is not a valid device name. */
  device: string | null;
  /** Path inside the repo, e.g. `devices/c9300.yaml`. */
  path: string;
  text: string;
}

/**
 * Every `devices/*.yaml` at HEAD of an existing repo, read-only (nothing is created or written).
 * Throws IntentStoreError when `repo` is not a git repository or git fails.
 */
export async function readIntentFilesAtHead(repo: string): Promise<HeadFile[]> {
  assertGitTop(repo);
  const git = new GitRunner(repo, { authorName: 'intentd', authorEmail: 'intentd@localhost' });
  const head = (await git.try(['rev-parse', '-q', '--verify', 'HEAD^{commit}'])).stdout.trim();
  if (head === '') return [];
  const listing = await git.run(['ls-tree', '--name-only', head, 'devices/']);
  const names = listing.split('\n').filter((p) => p.startsWith('devices/') && p.endsWith('.yaml'));
  const valid = new Set(devicesIn(names));
  const out: HeadFile[] = [];
  for (const path of names.sort()) {
    const device = path.slice('devices/'.length, -'.yaml'.length);
    const text = await git.run(['show', `${head}:${path}`]);
    out.push({ device: valid.has(device) ? device : null, path, text });
  }
  return out;
}
