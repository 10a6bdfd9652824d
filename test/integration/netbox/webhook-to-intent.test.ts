import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitIntentStore } from '../../../src/adapters/git/intent-store.js';
import { NetboxClient } from '../../../src/adapters/netbox/client.js';
import { NetboxSourceOfTruth } from '../../../src/adapters/netbox/source-of-truth.js';
import { defaultConfig } from '../../../src/config/defaults.js';
import { IntentSyncReconciler } from '../../../src/controllers/intent-sync.js';
import { TicketWriteback } from '../../../src/controllers/ticket-writeback.js';
import { rulesOnly } from '../../harness/platforms.js';
import { silentLogger } from '../../../src/log.js';
import { NetboxEmulator } from '../../../src/lab/netbox-emulator.js';
import { registerNetboxWebhook, signNetboxBody } from '../../../src/sources/netbox-webhook.js';

const SECRET = 'a-shared-webhook-secret';
const GI2 = 'GigabitEthernet1/0/2';

describe('NetBox change → signed webhook → intent in git → write-back', () => {
  let nb: NetboxEmulator;
  let app: FastifyInstance;
  let hookUrl: string;
  let dir: string;
  let store: GitIntentStore;
  let sync: IntentSyncReconciler;
  let writeback: TicketWriteback;
  let nudges: string[];

  beforeEach(async () => {
    nb = new NetboxEmulator();
    nb.seedLab();
    await nb.start();
    nudges = [];
    app = Fastify();
    registerNetboxWebhook(app, { secret: SECRET, maxBodyBytes: 1024 * 1024, onDevice: (d) => nudges.push(d), logger: silentLogger() });
    hookUrl = `${await app.listen({ host: '127.0.0.1', port: 0 })}/webhooks/netbox`;
    dir = mkdtempSync(join(tmpdir(), 'intentd-netbox-'));
    const logger = silentLogger();
    store = await GitIntentStore.open({ repo: join(dir, 'intent'), remote: null, branch: 'main', authorName: 'intentd', authorEmail: 'intentd@example.test', logger });
    const config = defaultConfig();
    config.netbox = { ...config.netbox, url: nb.url, token: nb.tokenV1, webhookSecret: SECRET };
    const netbox = NetboxClient.fromConfig(config.netbox, logger);
    const source = new NetboxSourceOfTruth({ client: netbox, config, logger, platforms: rulesOnly(config) });
    sync = new IntentSyncReconciler({ source, store, config, logger, platforms: rulesOnly(config) });
    writeback = new TicketWriteback({ source, logger });
    await sync.reconcile('c9300'); // baseline import
  });
  afterEach(async () => {
    await nb.stop();
    await app.close();
    await store.idle();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['4.6', '3.5'] as const)(
    'takes a ticketed %s change into git and commits nothing for the echo after the ticket is cleared',
    async (shape) => {
      nb.addWebhook({ url: hookUrl, secret: SECRET, shape });
      nb.updateInterface('c9300', GI2, { description: 'Webhook function completed!', mtu: 9000, ticket: '1234' });
      await nb.flushWebhooks();
      expect(nb.deliveries.map((d) => d.status)).toEqual([202]);
      expect(nudges).toEqual(['c9300']);

      const res = await sync.reconcile(nudges.shift()!);
      expect(res.taken.map((t) => [t.interface, t.ticket])).toEqual([[GI2, '1234']]);
      const [last] = await store.log({ device: 'c9300', max: 1 });
      expect(last?.subject).toBe('intent(c9300): Gi1/0/2 description, mtu');
      expect(last?.trailers).toMatchObject({ 'Change-Ticket': '1234', Source: 'netbox' });

      const report = await writeback.complete({ device: 'c9300', taken: res.taken, result: 'applied', summary: 'applied', changes: [], auditCommit: 'deadbeef' });
      expect(report.cleared).toEqual([GI2]);
      await nb.flushWebhooks();
      expect(nudges).toEqual(['c9300']); // the echo of the PATCH
      const head = await store.head();
      const echo = await sync.reconcile(nudges.shift()!);
      expect(echo).toMatchObject({ committed: false, taken: [], skipped: [] });
      expect(await store.head()).toBe(head);
    },
  );

  it('refuses a delivery signed with another secret and enqueues nothing', async () => {
    nb.addWebhook({ url: hookUrl, secret: 'not-the-secret', shape: '4.6' });
    nb.updateInterface('c9300', GI2, { mtu: 9000, ticket: '1234' });
    await nb.flushWebhooks();
    expect(nb.deliveries.map((d) => d.status)).toEqual([401]);
    expect(nudges).toEqual([]);
  });

  it('refuses an unsigned delivery when a secret is configured', async () => {
    nb.addWebhook({ url: hookUrl, secret: '', shape: '4.6' });
    nb.updateInterface('c9300', GI2, { mtu: 9000, ticket: '1234' });
    await nb.flushWebhooks();
    expect(nb.deliveries.map((d) => d.status)).toEqual([401]);
  });

  it('follows NetBox as it is now, not a stale webhook body', async () => {
    nb.addWebhook({ url: hookUrl, secret: SECRET, shape: '4.6' });
    nb.updateInterface('c9300', GI2, { mtu: 2000, ticket: '1111' });
    await nb.flushWebhooks();
    const stale = nb.deliveries[0]!.body;
    nb.updateInterface('c9300', GI2, { mtu: 9000, ticket: '2222' });
    await nb.flushWebhooks();
    nudges.length = 0;
    const replay = await fetch(hookUrl, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hook-Signature': signNetboxBody(SECRET, stale) }, body: stale });
    expect(replay.status).toBe(202);
    await sync.reconcile(nudges.shift()!);
    const intent = await store.read('c9300');
    expect(intent?.intent.interfaces.find((i) => i.name === GI2)).toMatchObject({ mtu: 9000, ticket: '2222' });
  });

  it('treats duplicate deliveries as harmless: one commit', async () => {
    nb.addWebhook({ url: hookUrl, secret: SECRET, shape: '4.6' });
    nb.addWebhook({ url: hookUrl, secret: SECRET, shape: '4.6' });
    nb.updateInterface('c9300', GI2, { enabled: false, ticket: '4242' });
    await nb.flushWebhooks();
    expect(nudges).toEqual(['c9300', 'c9300']);
    const first = await sync.reconcile('c9300');
    const second = await sync.reconcile('c9300');
    expect(first.committed).toBe(true);
    expect(second.committed).toBe(false);
  });

  it('sends webhooks with the NetBox envelope of the chosen version', async () => {
    nb.addWebhook({ url: hookUrl, secret: SECRET, shape: '3.5' });
    nb.addWebhook({ url: hookUrl, secret: SECRET, shape: '4.6' });
    nb.updateInterface('c9300', GI2, { mtu: 9000 });
    await nb.flushWebhooks();
    const [v35, v46] = nb.deliveries.map((d) => JSON.parse(d.body) as Record<string, unknown>);
    expect(Object.keys(v35!)).toEqual(['event', 'timestamp', 'model', 'username', 'request_id', 'data', 'snapshots']);
    expect(v35!.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    expect(Object.keys(v46!)).toEqual(['event', 'timestamp', 'object_type', 'username', 'request_id', 'data', 'request', 'snapshots']);
    expect(v46!.snapshots).toMatchObject({ prechange: { mtu: null, mode: '' }, postchange: { mtu: 9000, device: 1 } });
    expect(v46!.data).toMatchObject({ id: 3, url: '/api/dcim/interfaces/3/', mtu: 9000 });
  });
});
