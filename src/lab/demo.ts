import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWriteStream } from 'node:fs';
import { GitRunner } from '../adapters/git/git-run.js';
import { formatPlan } from '../core/planner.js';
import { Daemon } from '../daemon.js';
import { DaemonEvents, type DaemonEvent } from '../daemon-events.js';
import { createLogger } from '../log.js';
import { Lab } from './lab.js';

export interface DemoOptions {
  /** Where narration goes (one line per call). */
  out: (line: string) => void;
  /** Stop after the story instead of serving until Ctrl-C. */
  exitAfterStory: boolean;
  /** Bound for each step of the story. */
  stepTimeoutMs?: number;
  /** Listen address of the daemon (default 127.0.0.1:12345, falling back to a free port). */
  listen?: string;
}

const GI2 = 'GigabitEthernet1/0/2';
const EOS = 'eos-1';
const ETH2 = 'Ethernet2';

/**
 * `intentd demo`: the lab (NetBox emulator, a simulated Catalyst 9300, a Webex emulator) plus the
 * daemon on embedded defaults, then the LTRCRT-2005 story, narrated step by step from the daemon's
 * own events. Returns when the story is done (and, unless `exitAfterStory`, after Ctrl-C).
 */
export async function runDemo(o: DemoOptions): Promise<void> {
  const started = Date.now();
  const say = (tag: string, text: string): void => o.out(`[${((Date.now() - started) / 1000).toFixed(2).padStart(6)}s] ${tag.padEnd(8)} ${text}`);
  const work = mkdtempSync(join(tmpdir(), 'intentd-demo-'));
  const repo = join(work, 'intent');
  const logFile = join(work, 'intentd.log');
  const logger = createLogger({ level: 'debug', destination: createWriteStream(logFile) });
  const stepTimeout = o.stepTimeoutMs ?? 60_000;

  o.out('intentd demo — the LTRCRT-2005 lab, simulated: NetBox → git → NETCONF → Webex');
  const lab = await Lab.start({ logger, openconfig: 1 });
  say('lab', `NetBox emulator ${lab.netbox.url} (device c9300, tag gitops, 52 interfaces)`);
  say('lab', `simulated Catalyst 9300 "c9300": NETCONF over SSH on 127.0.0.1:${lab.c9300.port} (host key ${lab.c9300.hostKeyFingerprint})`);
  say('lab', `simulated OpenConfig switch "${EOS}" (EOS-style, NetBox platform arista-eos, Management1 + Ethernet1-48): NETCONF over SSH on 127.0.0.1:${lab.eos1.port}`);
  say('lab', `Webex emulator ${lab.webex.baseUrl}`);

  const events = new DaemonEvents();
  const seen: DaemonEvent[] = [];
  const webexSeen: string[] = [];
  /** Pending waits of the story, re-checked on every daemon event and every Webex message (no polling). */
  const waiters = new Set<() => void>();
  const wake = (): void => {
    for (const w of [...waiters]) w();
  };
  // After start-up, "already matches intent" from every resync tick would drown the story.
  let quietInSync = false;
  events.onEvent((e) => {
    seen.push(e);
    if (!(quietInSync && e.type === 'in-sync')) narrate(e, say);
    wake();
  });
  lab.webex.onMessage((m) => {
    const text = m.text ?? m.markdown ?? '';
    webexSeen.push(text);
    const first = text.split('\n').filter(Boolean);
    say('webex', `message to ${m.toPersonEmail ?? m.roomId}: ${first.slice(0, 3).join(' | ')}`);
    wake();
  });

  /** Resolves with the first item from index `from` on that matches, as soon as it arrives. */
  const waitIn = <T>(list: T[], what: string, pred: (x: T) => boolean, from: number): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const hit = list.slice(from).find(pred);
        if (hit === undefined) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(hit);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`demo: timed out waiting for ${what}`));
      }, stepTimeout);
      waiters.add(check);
      check();
    });
  const waitFor = (what: string, pred: (e: DaemonEvent) => boolean, from = 0): Promise<DaemonEvent> => waitIn(seen, what, pred, from);
  const waitForWebex = (what: string, pred: (text: string) => boolean, from: number): Promise<string> => waitIn(webexSeen, `the Webex message ${what}`, pred, from);

  let daemon: Daemon;
  const config = (listen: string) => lab.config({ repo, listen, resync: '*/5 * * * * *', poll: '*/30 * * * * *' });
  try {
    daemon = await Daemon.start({ config: config(o.listen ?? '127.0.0.1:12345'), logger, events });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || o.listen) throw err;
    daemon = await Daemon.start({ config: config('127.0.0.1:0'), logger, events });
  }
  lab.connectWebhook(daemon.url);
  say('intentd', `daemon listening on ${daemon.url} (webhook ${daemon.url}/netbox), intent repo ${repo}, logs ${logFile}`);
  say('intentd', `console ${daemon.url}/ui/ — log in with the API token ${lab.apiToken} (the timeline shows each step live)`);

  try {
    o.out('');
    o.out('Step 1 — start-up: intentd imports c9300 from NetBox into git and converges the switch');
    await waitFor('the start-up reconcile', (e) => e.device === 'c9300' && (e.type === 'applied' || e.type === 'in-sync'));
    await waitFor(`the start-up reconcile of ${EOS}`, (e) => e.device === EOS && (e.type === 'applied' || e.type === 'in-sync'));
    await daemon.idle();
    quietInSync = true;

    o.out('');
    o.out(`Step 2 — an operator edits ${GI2} in NetBox: a description and change ticket 1234`);
    const mark = seen.length;
    const webexMark = webexSeen.length;
    lab.netbox.updateInterface('c9300', GI2, { description: 'Webhook function completed!', ticket: '1234' });
    say('netbox', `developer saved ${GI2}: description "Webhook function completed!", Change Ticket Number 1234 → signed webhook`);
    await waitFor('the change to be applied', (e) => e.device === 'c9300' && e.type === 'applied' && !e.drift, mark);
    await waitFor('the ticket to be cleared', (e) => e.device === 'c9300' && e.type === 'tickets-cleared', mark);
    await waitFor('the echo webhook', (e) => e.device === 'c9300' && e.type === 'intent-unchanged', mark);
    await waitForWebex('of the applied change', (t) => / applied .*ticket 1234/s.test(t), webexMark);
    await daemon.idle();
    await lab.netbox.flushWebhooks();
    const journal = lab.netbox.journal('c9300', GI2).at(-1);
    say('netbox', `journal entry on ${GI2} (${journal?.kind}): ${(journal?.comments ?? '').split('\n')[0]}`);
    say('switch', `running config now: ${descriptionOf(lab.c9300.runningXml(GI2))}`);

    o.out('');
    o.out(`Step 3 — someone changes the switch by hand (out of band): ${GI2} description "temporary fix by hand"`);
    const mark2 = seen.length;
    const webexMark2 = webexSeen.length;
    lab.c9300.setLeaf(GI2, 'description', 'temporary fix by hand');
    say('switch', `CLI: interface ${GI2} / description temporary fix by hand`);
    await waitFor('the resync to find and revert the drift', (e) => e.device === 'c9300' && e.type === 'applied' && e.drift, mark2);
    await waitForWebex('of the drift revert', (t) => /drift reverted/.test(t), webexMark2);
    await daemon.idle();
    say('switch', `running config now: ${descriptionOf(lab.c9300.runningXml(GI2))}`);

    o.out('');
    o.out(`Step 4 — the same on the OpenConfig switch: an operator edits ${EOS} ${ETH2} in NetBox: a description and change ticket 5678`);
    await playOpenConfigChange({ lab, daemon, say, waitFor, waitForWebex, mark: seen.length, webexMark: webexSeen.length });

    o.out('');
    o.out('The change log is git (newest first):');
    for (const line of await gitLog(repo)) o.out(`  ${line}`);
    o.out('');
    o.out('Story complete: NetBox change → webhook → intent commit → plan → minimal edit → verified → audit commit → ticket cleared → echo ignored; drift → reverted → alerted.');
    o.out(`The same flow ran on ${EOS} in OpenConfig (openconfig-interfaces over NETCONF): one intent, two platforms.`);
    if (o.exitAfterStory) return;
    o.out('');
    o.out('intentd keeps running. Try, in another terminal:');
    o.out(`  curl -s -X PATCH ${lab.netbox.url}/api/dcim/interfaces/4/ -H 'Authorization: Bearer ${lab.netbox.tokenV2}' \\`);
    o.out(`       -H 'Content-Type: application/json' -d '{"description":"from curl","custom_fields":{"change_ticket_number":"4242"}}'`);
    o.out('                                                      # change Gi1/0/3 in NetBox: webhook → intentd → switch');
    o.out(`  curl -s ${daemon.url}/api/status | jq              # per-device status`);
    o.out(`  curl -s ${daemon.url}/metrics | grep intentd_        # Prometheus metrics`);
    o.out(`  curl -s -X POST -H 'Authorization: Bearer ${lab.apiToken}' ${daemon.url}/api/reconcile/c9300`);
    o.out('                                                      # nudge a reconcile (needs http.apiToken)');
    o.out(`  curl -s -X POST -H 'Authorization: Bearer ${lab.apiToken}' -H 'Content-Type: application/json' \\`);
    o.out(`       -d '{"reason":"incident"}' ${daemon.url}/api/suspend/c9300   # suspend (resume: /api/resume/c9300)`);
    o.out(`  git -C ${repo} log --format='%h %s%n%b'              # the audit trail`);
    o.out(`  git -C ${repo} tag -l 'ticket/*'                     # changes by ticket`);
    o.out(`  cat ${logFile}                                     # JSON logs`);
    o.out('Press Ctrl-C to stop.');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
  } finally {
    await daemon.stop({ timeoutMs: 10_000 });
    await lab.stop();
    logger.flush();
  }
}

/** Step 4: a ticketed NetBox change on eos-1 Ethernet2, through to the OpenConfig edit, the audit and the cleared ticket. */
async function playOpenConfigChange(c: {
  lab: Lab;
  daemon: Daemon;
  say: (tag: string, text: string) => void;
  waitFor: (what: string, pred: (e: DaemonEvent) => boolean, from?: number) => Promise<DaemonEvent>;
  waitForWebex: (what: string, pred: (text: string) => boolean, from: number) => Promise<string>;
  mark: number;
  webexMark: number;
}): Promise<void> {
  c.lab.netbox.updateInterface(EOS, ETH2, { description: 'Uplink to AP', ticket: '5678' });
  c.say('netbox', `developer saved ${EOS} ${ETH2}: description "Uplink to AP", Change Ticket Number 5678 → signed webhook`);
  await c.waitFor(`the change on ${EOS} to be applied`, (e) => e.device === EOS && e.type === 'applied' && !e.drift, c.mark);
  await c.waitFor(`the ticket on ${EOS} to be cleared`, (e) => e.device === EOS && e.type === 'tickets-cleared', c.mark);
  await c.waitFor(`the echo webhook of ${EOS}`, (e) => e.device === EOS && e.type === 'intent-unchanged', c.mark);
  await c.waitForWebex(`of the change on ${EOS}`, (t) => new RegExp(`${EOS}.* applied .*ticket 5678`, 's').test(t), c.webexMark);
  await c.daemon.idle();
  c.say('switch', `${EOS} running config now: ${descriptionOf(c.lab.eos1.runningXml(ETH2))}`);
}

function narrate(e: DaemonEvent, say: (tag: string, text: string) => void): void {
  switch (e.type) {
    case 'nudge':
      if (e.reason !== 'resync' && e.reason !== 'poll') say('queue', `${e.device} queued (${e.reason})`);
      return;
    case 'intent-committed':
      say('git', `intent commit ${e.commit.slice(0, 8)} for ${e.device}${e.tickets.length ? ` — Change-Ticket: ${e.tickets.join(', ')}` : ''} (${e.interfaces.length} interface${e.interfaces.length === 1 ? '' : 's'})`);
      return;
    case 'intent-unchanged':
      if (e.reasons.includes('webhook')) say('intent', `${e.device}: NetBox matches intent — echo webhook ignored, nothing to do`);
      return;
    case 'skipped-no-ticket':
      say('intent', `${e.device} ${e.interface}: No ticket number attached to this change, skipping! (${e.fields.join(', ')})`);
      return;
    case 'plan':
      if (e.plan.changes.length > 0) {
        say('plan', `${e.drift ? 'drift found on the device' : 'intent differs from the device'}:`);
        for (const l of formatPlan(e.plan).split('\n').slice(1)) say('', l);
      }
      return;
    case 'applied': {
      const edit = e.sent.split('\n').map((l) => l.trim()).join('');
      say('netconf', `edit-config on ${e.datastore}: ${edit.length > 400 ? `${edit.slice(0, 400)}…` : edit}`);
      say('verify', `re-read the running config: ${e.verified ? 'matches intent' : 'MISMATCH'}`);
      say('git', `audit commit ${e.auditCommit.slice(0, 8)}${e.drift ? ' (drift revert)' : ''}`);
      return;
    }
    case 'in-sync':
      say('device', `${e.device} already matches intent`);
      return;
    case 'drift-reported':
      say('drift', `${e.device}: drift reported (report mode), not reverted`);
      return;
    case 'tickets-cleared':
      say('netbox', `ticket ${e.tickets.join(', ')} cleared on ${e.interfaces.join(', ')} (PATCH custom_fields) → NetBox sends an echo webhook`);
      return;
    case 'failed':
      say('error', `${e.device}: ${e.reason}: ${e.message}${e.retryable ? ' (will retry)' : ''}`);
      return;
    case 'nudge-refused':
      say('queue', `${e.device}: nudge refused (${e.why})`);
      return;
  }
}

function descriptionOf(xml: string): string {
  const m = /<description>([^<]*)<\/description>/.exec(xml);
  return m ? `description "${m[1]}"` : 'no description';
}

async function gitLog(repo: string): Promise<string[]> {
  const git = new GitRunner(repo, { authorName: 'intentd', authorEmail: 'intentd@localhost' });
  const args = ['log', '--format=%h %s  [%(trailers:key=Change-Ticket,valueonly,separator=%x2C)]', '-n', '12'];
  return git.run(args).then(
    (stdout) => stdout.trim().split('\n'),
    (err: unknown) => [`(git log failed: ${err instanceof Error ? err.message : String(err)})`],
  );
}
