// The daemon under test, in-process: started on a lab stack, its events and JSON log lines recorded so a
// failing test can show what the daemon did.
import { Writable } from 'node:stream';
import { Daemon } from '../../../src/daemon.js';
import type { DaemonEvent } from '../../../src/daemon-events.js';
import { createLogger } from '../../../src/log.js';
import { WEBHOOK_SECRET, type LabStack, type StackConfigOptions } from './lab-stack.js';

export interface DaemonUnderTest {
  daemon: Daemon;
  events: DaemonEvent[];
  logs: string[];
  /** The last `n` log lines, for failure messages. */
  tail(n?: number): string;
  stop(): Promise<void>;
}

/** Starts the daemon on the stack, registers its webhook URL in the NetBox emulator, waits for start-up. */
export async function startDaemon(stack: LabStack, o: StackConfigOptions = {}): Promise<DaemonUnderTest> {
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      if (logs.length > 5000) logs.splice(0, logs.length - 5000);
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const daemon = await Daemon.start({ config: stack.config(o), logger });
  const events: DaemonEvent[] = [];
  daemon.events.onEvent((e) => events.push(e));
  stack.netbox.addWebhook({ url: `${daemon.url}/webhooks/netbox`, secret: WEBHOOK_SECRET });
  await daemon.idle();
  let stopped = false;
  return {
    daemon,
    events,
    logs,
    tail: (n = 40) => logs.slice(-n).join('\n'),
    async stop() {
      if (stopped) return;
      stopped = true;
      await daemon.stop({ timeoutMs: 5000 });
    },
  };
}
