/** Time for policy decisions (maintenance windows): injected, so tests move it without sleeping. */
export interface Clock {
  /** ms since the epoch. */
  now(): number;
  /** Calls `fn` once at `at` (ms since the epoch) or soon after; returns a cancel function. */
  setTimer(at: number, fn: () => void): () => void;
}

/** setTimeout's longest delay; a longer wait is re-armed on firing. */
const MAX_DELAY = 2 ** 31 - 1;

/** The system clock; its timers never keep the process alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(at, fn) {
    let timer: NodeJS.Timeout;
    const arm = (): void => {
      const delay = at - Date.now();
      timer = setTimeout(() => (Date.now() >= at ? fn() : arm()), Math.max(0, Math.min(delay, MAX_DELAY)));
      timer.unref();
    };
    arm();
    return () => clearTimeout(timer);
  },
};
