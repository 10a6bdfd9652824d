import { afterAll, afterEach } from 'vitest';
import { takeEmulatorProblems } from '../../src/lab/emulator-registry.js';

/**
 * Emulators are strict in every test: an unexpected request or a prepared response that was never
 * used fails the test (hooks run in stack order, so this runs after the test file's own cleanup).
 */
export function assertEmulatorsClean(): void {
  const problems = takeEmulatorProblems();
  if (problems.length > 0) throw new Error(`test doubles saw what they should not:\n${problems.join('\n')}`);
}

afterEach(assertEmulatorsClean);
afterAll(assertEmulatorsClean);
