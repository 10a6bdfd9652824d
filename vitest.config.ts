import { defineConfig } from 'vitest/config';

// Integration tests start real servers (git, netconfd + sshd, HTTP emulators): give them room,
// and run files in separate forks so one server's ports never leak into another file.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Fails a test whose NetBox/Webex emulator saw an unexpected request or left a prepared response unused.
    setupFiles: ['./test/setup/strict-emulators.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
