import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { NetboxEmulator } from '../../../src/lab/netbox-emulator.js';
import { WebexEmulator } from '../../../src/lab/webex-emulator.js';
import { assertEmulatorsClean } from '../../setup/strict-emulators.js';

interface JsonReport {
  testResults: Array<{ assertionResults: Array<{ title: string; status: string; failureMessages: string[] }> }>;
}

describe('emulators are strict in every test', () => {
  it('the checker names an unexpected request and an unused prepared response of each emulator, then forgets them', async () => {
    const nb = new NetboxEmulator();
    await nb.start();
    const webex = await WebexEmulator.start({ token: 't' });
    try {
      await fetch(`${nb.url}/api/dcim/cables/`, { headers: { Authorization: `Token ${nb.tokenV1}` } });
      nb.failNext(2, 'timeout');
      await fetch(`${webex.baseUrl}/rooms`, { method: 'DELETE' });
      webex.failNext(1, 502);
    } finally {
      await nb.stop();
      await webex.stop();
    }
    let thrown: Error | null = null;
    try {
      assertEmulatorsClean();
    } catch (err) {
      thrown = err as Error;
    }
    expect(thrown?.message.split('\n').slice(1)).toEqual([
      'NetBox emulator: unexpected request GET /api/dcim/cables/: GET /api/dcim/cables/ is not emulated',
      'NetBox emulator: 2 prepared response(s) never used: timeout, timeout',
      'Webex emulator: unexpected request DELETE /v1/rooms',
      'Webex emulator: 1 prepared response(s) never used: 502',
    ]);
    expect(() => assertEmulatorsClean()).not.toThrow();
  });

  it('the global afterEach fails a test that leaves a problem behind, and only that test', async () => {
    const run = promisify(execFile)('npx', ['vitest', 'run', '--config', 'test/fixtures/strict-emulators/vitest.config.ts', '--reporter=json'], { encoding: 'utf8' });
    const out = await run.then((r) => r.stdout, (err: { stdout: string }) => err.stdout);
    const results = (JSON.parse(out) as JsonReport).testResults.flatMap((f) => f.assertionResults);
    const byTitle = Object.fromEntries(results.map((r) => [r.title, { status: r.status, message: r.failureMessages.join('\n') }]));
    expect(byTitle).toEqual({
      'netbox unexpected request': { status: 'failed', message: expect.stringMatching(/unexpected request GET \/api\/dcim\/cables\//) },
      'netbox unused fault': { status: 'failed', message: expect.stringMatching(/NetBox emulator: 1 prepared response\(s\) never used: 503/) },
      'webex unexpected request': { status: 'failed', message: expect.stringMatching(/Webex emulator: unexpected request GET \/v1\/rooms/) },
      'webex unused rate limit': { status: 'failed', message: expect.stringMatching(/Webex emulator: 2 prepared response\(s\) never used: 429, 429/) },
      clean: { status: 'passed', message: '' },
    });
  });
});
