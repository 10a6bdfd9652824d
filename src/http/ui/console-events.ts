import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { ConsoleDeps } from './console-deps.js';

/** Events worth a page refresh (plans and nudges alone change nothing shown). */
const SHOWN = new Set(['intent-committed', 'applied', 'in-sync', 'drift-reported', 'suspended', 'failed', 'sync-failed', 'skipped-no-ticket', 'policy', 'tickets-cleared']);

/**
 * `GET /ui/events`: server-sent events fed from the daemon's event bus, one `data:` line per event
 * (type and device only; the page re-reads what it shows). Streams end when the server closes.
 */
export function registerConsoleEvents(app: FastifyInstance, d: Pick<ConsoleDeps, 'events'>, canRead: (req: FastifyRequest) => boolean): void {
  const open = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
    open.clear();
  });
  app.get('/ui/events', async (req, reply) => {
    if (!canRead(req)) return reply.code(403).type('text/plain').send('log in first');
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': intentd console events\n\n');
    open.add(res);
    const off = d.events.onEvent((e) => {
      if (SHOWN.has(e.type)) res.write(`data: ${JSON.stringify({ type: e.type, device: e.device })}\n\n`);
    });
    const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
    ping.unref();
    res.on('close', () => {
      off();
      clearInterval(ping);
      open.delete(res);
    });
  });
}
