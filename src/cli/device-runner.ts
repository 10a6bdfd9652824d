import { asIntentdError } from '../core/errors.js';
import type { DevicePlan } from '../core/plan-types.js';
import type { DeviceIntent } from '../core/types.js';
import { planDevice } from '../core/planner.js';
import type { Config } from '../config/types.js';
import { NetconfSession, type SessionOptions } from '../adapters/netconf/session.js';
import { IosXeDriver, type ApplyResult, type DriverSession } from '../adapters/platforms/iosxe/driver.js';
import type { Logger } from '../log.js';
import { sessionOptionsFor } from './device-session.js';
import { IntentAtHead } from './intent-head.js';

/** What the CLI reports per device; JSON-serializable. */
export interface DeviceOutcome {
  device: string;
  plan?: DevicePlan;
  result?: ApplyResult;
  error?: { reason: string; message: string; retryable: boolean; problems?: string[] };
}

export interface RunnerDeps {
  logger: Logger;
  /** Opens a session (default NetconfSession.connect); tests may pass another. */
  connect?: (o: SessionOptions) => Promise<DriverSession & { close(): Promise<void> }>;
}

export type DeviceStep = (device: string, plan: DevicePlan, session: DriverSession, driver: IosXeDriver, intent: DeviceIntent) => Promise<ApplyResult | undefined>;

/**
 * For each device (`--device`, else every intent file at HEAD, in order): reads its intent, opens one
 * NETCONF session, reads the managed interfaces, plans, runs `step` (apply, or nothing for `plan`) and
 * closes the session (`releaseAdopted`: plan changes held back for adoption too). A failing device is recorded and the next one still runs; an unreadable intent
 * repo throws.
 */
export async function runDevices(config: Config, only: string | undefined, deps: RunnerDeps, step?: DeviceStep, opts: { releaseAdopted?: boolean } = {}): Promise<DeviceOutcome[]> {
  const connect = deps.connect ?? ((o: SessionOptions) => NetconfSession.connect(o));
  const driver = new IosXeDriver({ logger: deps.logger });
  const outcomes: DeviceOutcome[] = [];
  const intents = new IntentAtHead(config);
  const devices = only !== undefined ? [only] : await intents.devices();
  for (const device of devices) {
    const outcome: DeviceOutcome = { device };
    outcomes.push(outcome);
    try {
      const intent = await intents.read(device);
      // Adopted interfaces' changes are held back (pending adoption) unless a ticketed apply releases them.
      const policy = { protectedInterfaces: config.devices.protectedInterfaces, holdAdopted: config.reconcile.adopt === 'report' && opts.releaseAdopted !== true };
      if (intent.interfaces.length === 0) {
        outcome.plan = planDevice(intent, new Map(), policy);
        continue;
      }
      const session = await connect(await sessionOptionsFor(config, device, deps.logger));
      try {
        const observed = await driver.read(session, intent.interfaces.map((i) => i.name));
        outcome.plan = planDevice(intent, observed, policy);
        const result = step ? await step(device, outcome.plan, session, driver, intent) : undefined;
        if (result) outcome.result = result;
      } finally {
        await session.close().catch((err: unknown) => deps.logger.warn({ err, device }, 'closing the session failed'));
      }
    } catch (err) {
      outcome.error = errorOf(err);
    }
  }
  return outcomes;
}

function errorOf(err: unknown): NonNullable<DeviceOutcome['error']> {
  const e = asIntentdError(err);
  const problems = (e as { problems?: unknown }).problems;
  const out: NonNullable<DeviceOutcome['error']> = { reason: e.reason, message: e.message, retryable: e.retryable };
  if (Array.isArray(problems) && problems.length > 0) out.problems = problems.map(String);
  return out;
}

/** Human lines for a failed device. */
export function formatError(o: DeviceOutcome): string {
  const e = o.error;
  if (!e) return '';
  return [`device ${o.device}: ${e.reason}: ${e.message}`, ...(e.problems ?? []).map((p) => `  ${p}`)].join('\n');
}
