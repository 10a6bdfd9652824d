import type { Command } from 'commander';
import { Daemon } from '../daemon.js';
import { createLogger } from '../log.js';
import { loadConfigOrExit, reportCliError, withConfigOption } from './common.js';

/** `intentd run`: the daemon in the foreground; SIGTERM/SIGINT stop it gracefully (exit 0). */
export function registerRun(program: Command): void {
  withConfigOption(program.command('run').description('run the daemon: webhooks, NetBox poll, intent watch, device reconcile'))
    .option('--shutdown-timeout <ms>', 'how long in-flight device applies may take to finish on SIGTERM', '30000')
    .action(async (opts: { config?: string; shutdownTimeout: string }) => {
      const config = loadConfigOrExit(opts);
      const logger = createLogger();
      // Signals are taken from the start: one during start-up (e.g. while NetBox hangs) stops the
      // start-up work at once and the daemon as soon as it exists.
      const stopAsked = new AbortController();
      let daemon: Daemon | null = null;
      const stop = (d: Daemon): void => {
        d.stop({ timeoutMs: Number(opts.shutdownTimeout) }).then(
          () => process.exit(0),
          (err: unknown) => {
            logger.error({ err }, 'error while stopping');
            process.exit(1);
          },
        );
      };
      let signals = 0;
      const onSignal = (signal: NodeJS.Signals): void => {
        signals++;
        if (signals > 1) {
          logger.warn({ signal }, 'second signal: exiting now');
          process.exit(1);
        }
        logger.info({ signal }, 'signal received');
        stopAsked.abort();
        if (daemon) stop(daemon);
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
      try {
        daemon = await Daemon.start({ config, logger, processMetrics: true, stopSignal: stopAsked.signal });
      } catch (err) {
        process.exitCode = reportCliError(err);
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        return;
      }
      if (stopAsked.signal.aborted) stop(daemon);
    });
}
