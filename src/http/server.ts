import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from '../log.js';
import type { Metrics } from '../observability/metrics.js';
import type { DeviceStatus, StatusBook } from '../runtime/status.js';
import { checkBearer, refuseActing } from './api-auth.js';
import { registerControlRoutes } from './control-routes.js';
import { registerApprovalRoutes } from './approval-routes.js';
import type { ApprovalService } from '../controllers/approval-service.js';
import type { ConsoleDeps } from './ui/console-deps.js';
import { registerConsole } from './ui/console-routes.js';

export type ReadinessCheck = () => Promise<Record<string, { ok: boolean; detail?: string }>>;

export interface HttpDeps {
  logger: Logger;
  metrics: Metrics;
  status: StatusBook;
  /** Cluster mode: every replica's devices, each with its `owner` (from etcd); default: this process's StatusBook. */
  fleet?: () => Promise<DeviceStatus[]>;
  readiness: ReadinessCheck;
  /** Manual nudge: returns 'accepted', 'unknown' (device not managed) or 'stopping'. */
  nudge(device: string, reason: string): 'accepted' | 'unknown' | 'stopping';
  maxBodyBytes: number;
  /** Token that acting endpoints require (`Authorization: Bearer …`); null refuses them with 403. */
  apiToken: string | null;
  /** Per client on acting `/api/*` routes (and the webhook routes, which register themselves). */
  rateLimit: { max: number; windowMs: number };
  /** The operator console (`/ui/`) and the suspend/resume API; absent: neither is served. */
  console?: ConsoleDeps;
  /** Approve / reject of held plans (`POST /api/approve|reject/:device`). */
  approvals?: ApprovalService;
}


/**
 * The daemon's HTTP surface: ops endpoints (`/healthz`, `/readyz`, `/metrics`, `/api/status`) and a
 * manual nudge (`POST /api/reconcile/:device`). The NetBox webhook routes are registered by the caller.
 * Read-only endpoints (`/healthz`, `/readyz`, `/metrics`, `GET /api/status`) are open and not limited:
 * they are cheap and monitoring polls them. Acting ones need the bearer token and are rate-limited per
 * client (429 + Retry-After), except for callers holding the token.
 */
export function createHttpServer(deps: HttpDeps): FastifyInstance {
  const app = Fastify({ bodyLimit: deps.maxBodyBytes, logger: false, return503OnClosing: true });
  // Routes opt in through `config.rateLimit` (`limit` below, and the webhook plugin's own).
  void app.register(rateLimit, { global: false });
  const authorized = (req: FastifyRequest): boolean => checkBearer(deps.apiToken, req.headers.authorization) === 'ok';
  const limit = {
    rateLimit: { max: deps.rateLimit.max, timeWindow: deps.rateLimit.windowMs, allowList: (req: FastifyRequest) => authorized(req) },
  };

  app.addHook('onResponse', async (req, reply) => {
    deps.logger.debug({ method: req.method, url: req.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'http');
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_req, reply) => {
    const checks = await deps.readiness();
    const ok = Object.values(checks).every((c) => c.ok);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not-ready', checks });
  });

  // `?name[]=a&name[]=b` renders only those families (as node_exporter's `collect[]` selects collectors):
  // a cheap poll for a watcher, without the process collectors' walk over every socket and descriptor.
  app.get<{ Querystring: { 'name[]'?: string | string[] } }>('/metrics', async (req, reply) => {
    const { registry } = deps.metrics;
    reply.header('content-type', registry.contentType);
    const asked = req.query['name[]'];
    if (asked === undefined) return registry.metrics();
    const names = (Array.isArray(asked) ? asked : [asked]).filter((n) => registry.getSingleMetric(n) !== undefined);
    return (await Promise.all(names.map((n) => registry.getSingleMetricAsString(n)))).map((t) => `${t}\n`).join('');
  });

  // In a plugin so the rate-limit plugin (registered above) sees the limited route.
  void app.register(async (api) => {
    const statuses = deps.fleet ?? (() => Promise.resolve(deps.status.all()));
    api.get('/api/status', async () => ({ devices: await statuses() }));

    api.get<{ Params: { device: string } }>('/api/status/:device', async (req, reply) => {
      const found = (await statuses()).find((s) => s.device === req.params.device);
      return found ? found : reply.code(404).send({ error: 'unknown device' });
    });

    // Authorization first: an unauthorized caller learns nothing, not even whether a name is managed.
    api.post<{ Params: { device: string } }>('/api/reconcile/:device', { config: limit }, async (req, reply) => {
      const { device } = req.params;
      if (refuseActing(deps.apiToken, req, reply, device)) return reply;
      const r = deps.nudge(device, 'api');
      if (r === 'unknown') return reply.code(404).send({ error: `device ${device} is not managed by intentd` });
      if (r === 'stopping') return reply.code(503).send({ error: 'shutting down' });
      return reply.code(202).send({ accepted: true, device });
    });

    if (deps.console) registerControlRoutes(api, { apiToken: deps.apiToken, actions: deps.console.actions, limit });
    if (deps.approvals) registerApprovalRoutes(api, { apiToken: deps.apiToken, approvals: deps.approvals, limit });
  });
  // In a plugin too: the login form is rate-limited like the acting API routes.
  const consoleDeps = deps.console;
  if (consoleDeps) void app.register(async (ui) => registerConsole(ui, consoleDeps, limit));

  return app;
}

/** Splits `host:port` (or `[v6]:port`). */
export function parseListen(listen: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(listen);
  if (!m) throw new Error(`bad listen address ${listen}`);
  return { host: (m[1] as string).replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}
