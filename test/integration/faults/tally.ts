// Counts the fault scenarios for the suite's one-line summary. A scenario that never ran because its
// group's setup failed counts as failed, not as skipped.
import { afterAll, afterEach, it, type TestFunction } from 'vitest';

let registered = 0;
let passed = 0;

/** `it`, counted in the summary. */
export function fault(name: string, fn: TestFunction, timeoutMs?: number): void {
  registered++;
  it(name, fn, timeoutMs);
}

/** Call once, in the suite's top-level describe: prints `faults: N passed, M failed` at the end. */
export function printSummaryAtEnd(): void {
  afterEach(({ task }) => {
    if (task.result?.state === 'pass') passed++;
  });
  afterAll(() => {
    process.stdout.write(`faults: ${passed} passed, ${registered - passed} failed\n`);
  });
}
