import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { approvalCard } from '../../../src/adapters/webex/approval-card.js';
import { parseConfig } from '../../../src/config/load.js';
import { Daemon } from '../../../src/daemon.js';
import type { ApprovalActions } from '../../../src/http/webex-webhook.js';
import { LAB_WEBEX_TOKEN } from '../../../src/lab/lab.js';
import { silentLogger } from '../../../src/log.js';
import { until, useLabDaemon } from './lab-daemon.js';

const GI2 = 'GigabitEthernet1/0/2';
const SECRET = 'webex-webhook-secret-0123456789';
const HASH = 'd'.repeat(64);

/** The lab config with more in `webex`. */
const withWebex = (extra: Record<string, unknown>) => (yaml: string): string => {
  const c = parse(yaml) as { webex: Record<string, unknown> };
  c.webex = { ...c.webex, ...extra };
  return stringify(c);
};

describe('the daemon and Webex', () => {
  const t = useLabDaemon('intentd-webex-');

  it('tells one drift incident in one thread: the first revert starts it, the next revert and the resolution reply to it', async () => {
    // The quiet period only has to outlast one reconcile: the second change is made as the first revert lands.
    const d = await t.start(withWebex({ incidentQuietMs: 1500 }));
    const driftRoots = () => t.lab.webex.roots().filter((m) => /c9300: drift/.test(m.text ?? ''));
    let reverts = 0;
    const off = t.events.onEvent((e) => {
      if (e.type !== 'applied' || !e.drift || ++reverts !== 1) return;
      t.lab.c9300.setLeaf(GI2, 'description', 'by hand again');
      d.nudge('c9300', 'resync');
    });
    t.lab.c9300.setLeaf(GI2, 'description', 'by hand');
    d.nudge('c9300', 'resync');
    await until('the second revert', () => reverts === 2);
    off();
    await d.idle();
    await until('the first drift message', () => driftRoots().length > 0);
    const root = driftRoots()[0]?.id ?? '';
    await until('the resolution in the thread', () => t.lab.webex.thread(root).some((m) => /resolved/.test(m.text ?? '')));
    expect(driftRoots()).toHaveLength(1);
    expect(t.lab.webex.thread(root).map((m) => m.text?.split('\n')[0])).toEqual([
      '⚠️ c9300: drift reverted (1 change)',
      '✅ c9300: drift resolved, the device matches its intent',
    ]);
  });

  it('takes Approve on a card from an approver through POST /webhooks/webex, and refuses a non-approver', async () => {
    const calls: string[] = [];
    const approvals: ApprovalActions = {
      approve: async (device, hash, by) => calls.push(`approve ${device} ${hash} ${by}`),
      reject: async (device, hash, by) => calls.push(`reject ${device} ${hash} ${by}`),
    };
    const config = parseConfig(withWebex({ webhookSecret: SECRET, approvers: ['boss@example.com'] })(t.yaml()), 'test', { env: {} });
    const d = await Daemon.start({ config, logger: silentLogger(), events: t.events, approvals });
    try {
      await d.idle();
      // The card as intentd sends it for a held plan (the approval gate decides when).
      const card = { kind: 'pending-approval' as const, device: 'c9300', changes: [], planHash: HASH, reasons: [] };
      const res = await fetch(`${t.lab.webex.baseUrl}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${LAB_WEBEX_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ toPersonEmail: 'netops@example.com', text: 'held', attachments: [approvalCard(card)] }),
      });
      const { id } = (await res.json()) as { id: string };
      t.lab.webex.createWebhook({ targetUrl: `${d.url}/webhooks/webex`, secret: SECRET });
      expect(JSON.parse((await t.lab.webex.clickButton(id, 'Approve', 'intern@example.com')).body)).toEqual({ outcome: 'refused' });
      expect(calls).toEqual([]);
      expect(JSON.parse((await t.lab.webex.clickButton(id, 'Approve', 'boss@example.com')).body)).toEqual({ outcome: 'approved' });
      expect(calls).toEqual([`approve c9300 ${HASH} boss@example.com`]);
      expect(t.lab.webex.thread(id).map((m) => m.text?.slice(0, 12))).toEqual(['🚫 Refused: ', '✅ Approved b']);
    } finally {
      await d.stop({ timeoutMs: 5000 });
    }
  });

  it('has no /webhooks/webex without webex.webhookSecret', async () => {
    const d = await t.start();
    const res = await fetch(`${d.url}/webhooks/webex`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  });
});
