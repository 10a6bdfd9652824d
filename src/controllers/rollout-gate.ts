import type { DaemonEvents } from '../daemon-events.js';
import type { Logger } from '../log.js';
import type { StatusBook } from '../runtime/status.js';
import type { RolloutOptions, RolloutReport } from './rollout.js';

/** Nudge reasons that let a device held by a halted rollout run again (a person, or a periodic check). */
const RESUMES = new Set(['api', 'resync', 'startup', 'policy']);
/** The reason the gate releases a device with. */
export const ROLLOUT_REASON = 'rollout';

export interface RolloutGateDeps {
  /** policy.yaml's rollout, or null when it has none (then the gate lets everything through). */
  options(): RolloutOptions | null;
  /** Enqueues a device-apply run. */
  release(device: string, reason: string): void;
  /** Resolves when intent-sync has nothing queued, running or retrying: the change has been taken. */
  syncDrained(): Promise<void>;
  status: StatusBook;
  logger: Logger;
  events?: DaemonEvents;
}

interface Wave extends RolloutReport {
  pending: string[];
  running: Set<string>;
  halted: boolean;
  synced: boolean;
}

/**
 * The daemon's rollout of one NetBox change over many devices (policy.yaml `rollout`). One change is
 * one intent-sync wave: the intent commits intent-sync makes from the first one until its queue is
 * drained (a poll pass nudges every device at once; a burst of webhooks likewise). Their device
 * applies run at most `batchSize` at a time, in commit order; the first failed device (any failure,
 * retryable or not — it keeps retrying on its own) halts the wave when `stopOnFailure`: the devices
 * not yet run are held (status `rolloutHeld`, state pending) and the wave is reported (log, event).
 * A held device runs again on an operator's or a periodic nudge (api, resync, startup, policy) or
 * when a later change commits intent for it. Without `rollout` in policy.yaml nothing is held.
 */
export class RolloutGate {
  private wave: Wave | null = null;
  private readonly held = new Set<string>();

  constructor(private readonly deps: RolloutGateDeps) {}

  /** intent-sync committed intent for the device (or holds tickets for it): its apply joins the wave. */
  changed(device: string, reason: string): void {
    const o = this.deps.options();
    if (o === null) return this.deps.release(device, reason);
    this.unhold(device);
    const wave = this.open();
    if (wave.running.has(device) || wave.pending.includes(device)) return;
    if (wave.halted) return this.hold(device, wave);
    wave.pending.push(device);
    this.pump(o);
  }

  /** Whether a device-apply run nudged for these reasons may run now (false: the wave will run it, or it is held). */
  admits(device: string, reasons: readonly string[]): boolean {
    if (this.held.has(device)) {
      if (!reasons.some((r) => RESUMES.has(r))) return false;
      this.unhold(device);
      return true;
    }
    if (this.wave?.pending.includes(device)) return false;
    return true;
  }

  /** A device-apply run ended; `ok` false on any failure. */
  finished(device: string, ok: boolean): void {
    const wave = this.wave;
    if (!wave?.running.delete(device)) return;
    (ok ? wave.applied : wave.failed).push(device);
    const o = this.deps.options() ?? { batchSize: 1, stopOnFailure: true };
    if (!ok && o.stopOnFailure && !wave.halted) {
      wave.halted = true;
      this.deps.logger.warn({ device, held: wave.pending }, 'rollout halted at a failed device: the devices not yet applied are held');
      for (const d of wave.pending.splice(0)) this.hold(d, wave);
    }
    this.pump(o);
    this.close();
  }

  private open(): Wave {
    if (this.wave) return this.wave;
    const wave: Wave = { pending: [], running: new Set(), halted: false, synced: false, applied: [], failed: [], notAttempted: [] };
    this.wave = wave;
    void this.deps.syncDrained().then(() => {
      wave.synced = true;
      this.close();
    });
    return wave;
  }

  private pump(o: RolloutOptions): void {
    const wave = this.wave;
    if (!wave || wave.halted) return;
    while (wave.running.size < Math.max(1, o.batchSize) && wave.pending.length > 0) {
      const d = wave.pending.shift() as string;
      wave.running.add(d);
      this.deps.release(d, ROLLOUT_REASON);
    }
  }

  private close(): void {
    const wave = this.wave;
    if (!wave?.synced || wave.running.size > 0 || wave.pending.length > 0) return;
    this.wave = null;
    const report: RolloutReport = { applied: wave.applied, failed: wave.failed, notAttempted: wave.notAttempted };
    this.deps.logger.info(report, 'rollout of a NetBox change finished');
    this.deps.events?.emitEvent({ type: 'rollout', device: '*', ...report });
  }

  private hold(device: string, wave: Wave): void {
    this.held.add(device);
    wave.notAttempted.push(device);
    this.deps.status.recordRolloutHold(device, `held: the rollout of this change stopped at ${wave.failed.join(', ')}; resume with a nudge (POST /api/reconcile) or the next resync`);
  }

  private unhold(device: string): void {
    if (this.held.delete(device)) this.deps.status.recordRolloutHold(device, null);
  }
}
