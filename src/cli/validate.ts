import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { readIntentFilesAtHead } from '../adapters/git/head-files.js';
import { readPolicyTextAtHead } from '../adapters/git/policy-store.js';
import { parsePolicyYaml, POLICY_PATH } from '../core/policy.js';
import { PlatformRegistry } from '../adapters/platforms/registry.js';
import { resolveConfigPath } from '../config/load.js';
import { PlatformUnsupportedError, type PlatformChooser } from '../core/platform-rules.js';
import { asIntentdError, ValidationError } from '../core/errors.js';
import { MAX_INTENT_BYTES, parseIntentYaml } from '../core/intent-yaml.js';
import { isDeviceName } from '../core/device-name.js';
import { silentLogger } from '../log.js';
import { loadConfigOrExit, withConfigOption } from './common.js';

export interface ValidateOptions {
  config?: string;
  repo?: string;
}

/** Where `intentd validate` writes: `ok …` lines to out, problem lines to err. */
export interface ValidateIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** What a check needs besides the text: where to print, and how to find a device's platform rules. */
interface Checker {
  io: ValidateIo;
  platforms: PlatformChooser;
}

const stdio: ValidateIo = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
};

/** A file under a `devices/` folder must be named after its device. */
function expectedDevice(file: string): string | undefined {
  const name = basename(file, '.yaml');
  const inDevices = basename(dirname(file)) === 'devices' && file.endsWith('.yaml');
  return inDevices && isDeviceName(name) ? name : undefined;
}

/**
 * Validates one text against its device's platform rules (`devices.overrides.<d>.platform`, else
 * `devices.defaults.platform`: NetBox is not asked, and a bare file has no device); prints
 * `ok <label>` or its problem lines. Returns true when valid.
 */
function check(text: string, label: string, expectDevice: string | undefined, { io, platforms }: Checker): boolean {
  try {
    if (basename(label) === POLICY_PATH) {
      parsePolicyYaml(text, label);
      io.out(`ok ${label}`);
      return true;
    }
    const rules = platforms.rules(platforms.platformOf(expectDevice ?? '', null));
    parseIntentYaml(text, label, expectDevice === undefined ? { rules } : { expectDevice, rules });
    io.out(`ok ${label}`);
    return true;
  } catch (err) {
    if (err instanceof PlatformUnsupportedError) {
      io.err(`${label}: (root): ${err.message}`);
      return false;
    }
    if (!(err instanceof ValidationError)) throw err;
    for (const p of err.problems.length > 0 ? err.problems : [`${label}: ${err.message}`]) io.err(p);
    return false;
  }
}

/** The `.yaml`/`.yml` files under `dir`, sorted, walking sub-folders but not dot-folders (`.git`). */
async function yamlFilesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, e.name);
    if (e.isDirectory() && !e.name.startsWith('.')) out.push(...(await yamlFilesUnder(path)));
    else if (e.isFile() && /\.ya?ml$/.test(e.name)) out.push(path);
  }
  return out;
}

/** Every intent file under a directory (e.g. `intent/` or `intent/devices/`); false when any is invalid. */
async function checkDir(dir: string, c: Checker): Promise<boolean> {
  const files = await yamlFilesUnder(dir);
  if (files.length === 0) c.io.out(`skip ${dir}: no .yaml files`);
  let ok = true;
  for (const f of files) ok = (await checkFile(f, c)) && ok;
  return ok;
}

async function checkFile(file: string, c: Checker): Promise<boolean> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) return await checkDir(file, c);
    if (info.size > MAX_INTENT_BYTES) {
      c.io.err(`${file}: (root): larger than ${MAX_INTENT_BYTES} bytes`);
      return false;
    }
    return check(await readFile(file, 'utf8'), file, expectedDevice(file), c);
  } catch (err) {
    if (err instanceof ValidationError) throw err;
    c.io.err(`${file}: (root): cannot read: ${(err as Error).message}`);
    return false;
  }
}

async function checkRepo(repo: string, c: Checker): Promise<boolean> {
  let ok = true;
  try {
    for (const f of await readIntentFilesAtHead(repo)) {
      const label = join(repo, f.path);
      if (f.device === null) {
        c.io.err(`${label}: (root): file name is not a valid device name`);
        ok = false;
      } else ok = check(f.text, label, f.device, c) && ok;
    }
    const policy = await readPolicyTextAtHead(repo);
    if (policy !== null) ok = check(policy, join(repo, POLICY_PATH), undefined, c) && ok;
  } catch (err) {
    c.io.err(`${repo}: (root): ${asIntentdError(err).message}`);
    return false;
  }
  return ok;
}

/**
 * `intentd validate`: the config (an invalid one exits 78 in loadConfigOrExit), then the given
 * files (a directory is walked for `.yaml` files, dot-folders skipped), then every intent file at HEAD of `--repo` (or of the configured repo when no files are
 * given). Returns the exit code: 0 all valid, 1 otherwise.
 */
export async function runValidate(opts: ValidateOptions, files: string[], io: ValidateIo = stdio): Promise<number> {
  const cfg = loadConfigOrExit(opts);
  io.out(`ok ${resolveConfigPath(opts.config, process.env) ?? '(default config)'}`);
  const c: Checker = { io, platforms: new PlatformRegistry({ config: cfg, logger: silentLogger() }) };
  let ok = true;
  for (const f of files) ok = (await checkFile(f, c)) && ok;
  if (opts.repo !== undefined || files.length === 0) {
    const repo = opts.repo ?? cfg.intent.repo;
    if (opts.repo === undefined && !existsSync(repo)) io.out(`skip ${repo}: intent repository not created yet`);
    else ok = (await checkRepo(repo, c)) && ok;
  }
  return ok ? 0 : 1;
}

/** Wires `intentd validate [-c FILE] [--repo DIR] [FILES...]`. */
export function registerValidate(program: Command): void {
  withConfigOption(program.command('validate').description('validate the config and the intent files'))
    .option('--repo <dir>', 'intent repository whose files at HEAD are validated (default: intent.repo)')
    .argument('[files...]', 'intent files or directories to validate')
    .action(async (files: string[], opts: ValidateOptions) => {
      process.exitCode = await runValidate(opts, files);
    });
}
