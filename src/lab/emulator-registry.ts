/**
 * The emulators (NetBox, Webex) created in this process, so that tests can be failed on what a test
 * double should never see: a request it does not implement, or a response a test prepared (a fault,
 * a rate limit) that no request ever used. The emulators record these; the test setup file
 * (test/setup/strict-emulators.ts) asks here after every test. The lab and the demo only log them.
 */
export interface CheckedEmulator {
  /** True once `stop()` ran: the registry forgets it after its last problems were taken. */
  readonly stopped: boolean;
  /** Returns the problems recorded since the last call and forgets them (unused prepared responses are dropped). */
  takeProblems(): string[];
}

const live = new Set<CheckedEmulator>();

/** Called by each emulator's constructor. */
export function registerEmulator(emulator: CheckedEmulator): void {
  live.add(emulator);
}

/** The problems of every registered emulator since the last call; stopped ones are then forgotten. */
export function takeEmulatorProblems(): string[] {
  const out: string[] = [];
  for (const e of live) {
    out.push(...e.takeProblems());
    if (e.stopped) live.delete(e);
  }
  return out;
}
