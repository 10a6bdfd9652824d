import { Command, Option } from 'commander';
import { ConfigError, IntentdError, asIntentdError } from '../core/errors.js';
import { EXIT_CONFIG } from '../config/load.js';
import type { Config } from '../config/types.js';
import type { Capabilities } from '../adapters/netconf/capabilities.js';
import type { Datastore } from '../adapters/netconf/rpc.js';
import { NetconfSession, type SessionOptions } from '../adapters/netconf/session.js';
import { interfacesFilter, parseDataTree } from '../adapters/platforms/iosxe/codec.js';
import { fromNativeName, toNativeName } from '../adapters/platforms/iosxe/names.js';
import { NATIVE_NS } from '../adapters/platforms/iosxe/namespaces.js';
import { children, type XNode } from '../adapters/xml/tree.js';
import type { Logger } from '../log.js';
import { sessionOptionsFor } from './device-session.js';
import { loadConfigOrExit, withConfigOption } from './common.js';
import { cliLogger, PROCESS_IO, type CliIo } from './plan.js';
import { IOSXE_MODULES, interfaceEntriesToJson } from './restconf-json.js';

/** The interface has no entry in the device's running configuration: terminal. */
export class InterfaceNotFoundError extends IntentdError {
  constructor(message: string) {
    super('InterfaceNotFound', message);
  }
}

/** What `show` needs of a NETCONF session (NetconfSession satisfies it). */
export interface ShowSession {
  readonly capabilities: Pick<Capabilities, 'modules'>;
  getConfig(o: { source: Datastore; filter?: string }): Promise<string>;
  close(): Promise<void>;
}

export interface ShowDeps {
  logger: Logger;
  /** Opens a session (default NetconfSession.connect); tests may pass another. */
  connect?: (o: SessionOptions) => Promise<ShowSession>;
}

export interface ShowFlags {
  device: string;
  interface: string;
  json?: boolean;
}

/** Namespace → module name: the IOS-XE ones, plus whatever the device's hello advertised. */
function moduleNames(caps: Pick<Capabilities, 'modules'>): Map<string, string> {
  const out = new Map(IOSXE_MODULES);
  for (const [module, { namespace }] of caps.modules) if (!out.has(namespace)) out.set(namespace, module);
  return out;
}

function entriesOf(root: XNode, type: string, key: string): XNode[] {
  const natives = children(root, 'native', NATIVE_NS);
  const lists = natives.flatMap((n) => children(n, 'interface')).flatMap((i) => children(i, type));
  return lists.filter((e) => children(e, 'name').some((n) => n.text.trim() === key));
}

/**
 * `intentd show`: one filtered get-config of `flags.interface` (long or short name) from the running
 * datastore of `flags.device`, printed as RESTCONF-style JSON on `io.out`. Read-only. Returns the exit
 * code: 0 printed, 1 unknown interface or device error, 78 configuration error (message on `io.err`).
 */
export async function showCommand(config: Config, flags: ShowFlags, deps: ShowDeps, io: CliIo): Promise<number> {
  try {
    const { type, key } = toNativeName(flags.interface);
    const opts: SessionOptions = await sessionOptionsFor(config, flags.device, deps.logger);
    const connect = deps.connect ?? ((o: SessionOptions) => NetconfSession.connect(o));
    const session = await connect(opts);
    let data: string;
    try {
      data = await session.getConfig({ source: 'running', filter: interfacesFilter([fromNativeName(type, key)]) });
    } finally {
      await session.close().catch((err: unknown) => deps.logger.warn({ err, device: flags.device }, 'closing the session failed'));
    }
    const root = await parseDataTree(data);
    const entries = entriesOf(root, type, key);
    if (entries.length === 0) {
      throw new InterfaceNotFoundError(`${fromNativeName(type, key)} is not in the running config of ${flags.device}`);
    }
    io.out(`${JSON.stringify(interfaceEntriesToJson(type, entries, moduleNames(session.capabilities)), null, 2)}\n`);
    return 0;
  } catch (err) {
    const e = asIntentdError(err);
    io.err(`intentd show: ${e.reason}: ${e.message}\n`);
    const problems = (e as { problems?: unknown }).problems;
    if (Array.isArray(problems)) for (const p of problems) io.err(`  ${String(p)}\n`);
    return e instanceof ConfigError ? EXIT_CONFIG : 1;
  }
}

export function registerShow(program: Command): void {
  withConfigOption(program.command('show'))
    .description("print an interface's running config from the device, as RESTCONF-style JSON " +
      '(like the lab\'s show_interface_config.py); exit 1 when the interface is not configured')
    .addOption(new Option('--device <name>', 'device name (its host comes from devices.overrides)').makeOptionMandatory())
    .addOption(new Option('--interface <name>', 'interface, long or short form (GigabitEthernet1/0/2, Gi1/0/2)').makeOptionMandatory())
    .addOption(new Option('--json', 'accepted for symmetry with plan/apply: the output is always this JSON'))
    .action(async (opts: ShowFlags & { config?: string }) => {
      const config = loadConfigOrExit(opts);
      process.exitCode = await showCommand(config, opts, { logger: cliLogger() }, PROCESS_IO);
    });
}
