import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const CLI = 'dist/src/cli.js';

/** Runs `intentd demo --exit-after-story` as a user would (built CLI; `npm test` builds first). */
function runDemo(timeoutMs: number): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'demo', '--exit-after-story', '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`demo did not finish in ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

function inOrder(text: string, steps: RegExp[]): void {
  let at = 0;
  for (const step of steps) {
    const m = step.exec(text.slice(at));
    expect(m, `step ${step} not found in order in:\n${text}`).not.toBeNull();
    at += (m?.index ?? 0) + 1;
  }
}

describe('intentd demo', () => {
  it('plays the whole LTRCRT-2005 story to the end and shows every step', async () => {
    expect(existsSync(CLI), 'build first: npm test runs tsc before vitest').toBe(true);
    const { code, out } = await runDemo(120_000);
    expect(code, out).toBe(0);
    expect(out).toMatch(/console http:\/\/127\.0\.0\.1:\d+\/ui\/ — log in with the API token [\w-]{20,}/);
    const section = (from: string, to: string): string => out.slice(out.indexOf(from), to ? out.indexOf(to) : undefined);
    const step1 = section('Step 1', 'Step 2');
    const step2 = section('Step 2', 'Step 3');
    const step3 = section('Step 3', 'Step 4');
    const step4 = section('Step 4', 'The change log');
    const log = section('The change log', '');
    inOrder(step1, [/intent commit \w+ for c9300 \(52 interfaces\)/]);
    // The causal chain of the operator's change, in order; messages may interleave.
    inOrder(step2, [
      /developer saved GigabitEthernet1\/0\/2: .*Change Ticket Number 1234 → signed webhook/,
      /c9300 queued \(webhook\)/,
      /intent commit \w+ for c9300 — Change-Ticket: 1234/,
      /\+ GigabitEthernet1\/0\/2 description: \(none\) → "Webhook function completed! ##ticket:1234##"/,
      /edit-config on running: .*<description>Webhook function completed! ##ticket:1234##<\/description>/,
      /re-read the running config: matches intent/,
      /audit commit \w+\n/,
      /journal entry on GigabitEthernet1\/0\/2 \(success\)/,
    ]);
    // The ticket is cleared after the audit commit; its echo webhook may be handled while the journal entry
    // is still being written, so the two lines come in either order, both before the journal entry.
    const afterAudit = step2.slice(step2.search(/audit commit \w+\n/), step2.indexOf('journal entry on'));
    expect(afterAudit).toMatch(/ticket 1234 cleared on GigabitEthernet1\/0\/2/);
    expect(afterAudit).toMatch(/echo webhook ignored/);
    // Each step waits for its Webex message before it reports the outcome (and the next step starts).
    const before = (text: string, marker: string): string => text.slice(0, text.indexOf(marker));
    expect(before(step2, 'journal entry on')).toMatch(/webex .*applied 1 change .*ticket 1234/);
    inOrder(step3, [
      /CLI: interface GigabitEthernet1\/0\/2 \/ description temporary fix by hand/,
      /drift found on the device:\n.*~ GigabitEthernet1\/0\/2 description: "temporary fix by hand" → "Webhook function completed! ##ticket:1234##"/,
      /audit commit \w+ \(drift revert\)/,
      /running config now: description "Webhook function completed! ##ticket:1234##"/,
    ]);
    expect(before(step3, 'running config now')).toMatch(/webex .*drift reverted/);
    // The same flow on the OpenConfig switch: one edit in openconfig-interfaces, verified, audited, ticket cleared.
    inOrder(step4, [
      /developer saved eos-1 Ethernet2: .*Change Ticket Number 5678 → signed webhook/,
      /eos-1 queued \(webhook\)/,
      /intent commit \w+ for eos-1 — Change-Ticket: 5678/,
      /\+ Ethernet2 description: \(none\) → "Uplink to AP ##ticket:5678##"/,
      /edit-config on running: <interfaces xmlns="http:\/\/openconfig.net\/yang\/interfaces"><interface><name>Ethernet2<\/name><config>.*<description>Uplink to AP ##ticket:5678##<\/description>.*<\/interfaces>\n/,
      /re-read the running config: matches intent/,
      /audit commit \w+\n/,
      /eos-1 running config now: description "Uplink to AP ##ticket:5678##"/,
    ]);
    const afterAudit4 = step4.slice(step4.search(/audit commit \w+\n/), step4.indexOf('eos-1 running config now'));
    expect(afterAudit4).toMatch(/ticket 5678 cleared on Ethernet2/);
    expect(afterAudit4).toMatch(/eos-1: NetBox matches intent — echo webhook ignored/);
    expect(before(step4, 'eos-1 running config now')).toMatch(/webex .*eos-1: applied 1 change .*ticket 5678/);
    const ocEdit = /edit-config on running: (.*)\n/.exec(step4)?.[1] ?? '';
    expect(ocEdit).not.toMatch(/enabled|mtu|switched-vlan|ipv4|…/);
    inOrder(log, [/apply\(eos-1\): Et2 description\s+\[5678\]/, /intent\(eos-1\): Et2 description\s+\[5678\]/, /apply\(c9300\): Gi1\/0\/2 description \(drift revert\)\s+\[1234\]/, /apply\(c9300\): Gi1\/0\/2 description\s+\[1234\]/, /intent\(c9300\): Gi1\/0\/2 description\s+\[1234\]/, /Story complete/]);
    // The edit for the operator's change carried only the description: the minimal edit.
    const edit = /edit-config on running: (.*)\n/.exec(out.slice(out.indexOf('Step 2')))?.[1] ?? '';
    expect(edit).not.toMatch(/mtu|shutdown|switchport|vlan/);
  }, 150_000);
});
