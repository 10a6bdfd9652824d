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
      let daemon: Daemon;
      try {
        daemon = await Daemon.start({ config, logger, processMetrics: true });
      } catch (err) {
        process.exitCode = reportCliError(err);
        return;
      }
      let signals = 0;
      const onSignal = (signal: NodeJS.Signals): void => {
        signals++;
        if (signals > 1) {
          logger.warn({ signal }, 'second signal: exiting now');
          process.exit(1);
        }
        logger.info({ signal }, 'signal received');
        daemon.stop({ timeoutMs: Number(opts.shutdownTimeout) }).then(
          () => process.exit(0),
          (err: unknown) => {
            logger.error({ err }, 'error while stopping');
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
    });
}
