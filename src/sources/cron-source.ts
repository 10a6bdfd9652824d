import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../log.js';

/**
 * A periodic source: on each tick of `schedule` it lists keys (devices) and nudges each with `reason`.
 * Used for the NetBox poll (devices in NetBox scope) and the device resync (devices with intent).
 * Ticks never overlap; a failed listing is logged and the next tick tries again.
 */
export class CronSource {
  private task: ScheduledTask | null = null;

  constructor(
    private readonly o: {
      name: string;
      schedule: string;
      reason: string;
      list: () => Promise<string[]>;
      nudge: (device: string, reason: string) => void;
      logger: Logger;
    },
  ) {}

  start(): void {
    this.task = cron.schedule(this.o.schedule, () => this.tick(), { name: this.o.name, noOverlap: true });
  }

  /** Runs one tick now (also used at start-up). */
  async tick(): Promise<number> {
    try {
      const devices = await this.o.list();
      for (const d of devices) this.o.nudge(d, this.o.reason);
      this.o.logger.debug({ source: this.o.name, devices: devices.length }, 'periodic nudge');
      return devices.length;
    } catch (err) {
      this.o.logger.warn({ source: this.o.name, err: (err as Error).message }, 'periodic listing failed; next tick retries');
      return 0;
    }
  }

  async stop(): Promise<void> {
    await this.task?.destroy();
    this.task = null;
  }
}
