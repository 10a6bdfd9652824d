import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/** Paths whose values never reach a log line. */
export const REDACT_PATHS = [
  'token',
  'password',
  'secret',
  'webhookSecret',
  'apiToken',
  'authorization',
  '*.token',
  '*.password',
  '*.secret',
  '*.webhookSecret',
  '*.apiToken',
  '*.authorization',
  '*.*.token',
  '*.*.password',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers["x-hook-signature"]',
];

/**
 * Structured JSON logger (pino) with secrets redacted. `destination` is for tests; the daemon logs
 * to stdout. Level from `INTENTD_LOG_LEVEL` (default `info`).
 */
export function createLogger(opts: { level?: string; destination?: DestinationStream; name?: string } = {}): Logger {
  const level = opts.level ?? process.env.INTENTD_LOG_LEVEL ?? 'info';
  const options = {
    name: opts.name ?? 'intentd',
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: opts.name ?? 'intentd' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}

/** A logger that drops everything: for unit tests and library callers that pass none. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
