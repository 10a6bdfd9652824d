import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { asIntentdError } from '../core/errors.js';
import { refuseActing } from './api-auth.js';
import type { ConsoleActions } from './ui/console-deps.js';

/**
 * `POST /api/suspend[/:device]` (JSON `{reason, by?}`) and `POST /api/resume[/:device]`: the
 * console's suspend and resume for scripts, behind the bearer token like `/api/reconcile`. 200 with
 * the policy commit made (null: already so), 404 for an unmanaged device, 400 without a reason.
 */
export function registerControlRoutes(api: FastifyInstance, o: { apiToken: string | null; actions: ConsoleActions; limit: object }): void {
  const handle = async (req: FastifyRequest, reply: FastifyReply, device: string | null, suspend: boolean): Promise<FastifyReply> => {
    if (refuseActing(o.apiToken, req, reply, device)) return reply;
    const body = (req.body ?? {}) as { reason?: unknown; by?: unknown };
    const reason = typeof body.reason === 'string' && body.reason.trim() !== '' ? body.reason.trim() : null;
    if (suspend && reason === null) return reply.code(400).send({ error: 'a reason is required: {"reason": "…"}' });
    const by = typeof body.by === 'string' && body.by.trim() !== '' ? body.by.trim().slice(0, 100) : 'api';
    try {
      const r = await o.actions.setSuspension(device, suspend ? reason : null, { by, via: 'api' });
      if (r.outcome === 'unknown') return reply.code(404).send({ error: `device ${String(device)} is not managed by intentd` });
      return reply.code(200).send({ target: device ?? '*', suspended: suspend, commit: r.commit });
    } catch (thrown) {
      const err = asIntentdError(thrown);
      return reply.code(err.retryable ? 503 : 409).send({ error: err.message, reason: err.reason, problems: (err as { problems?: string[] }).problems ?? [] });
    }
  };
  const cfg = { config: o.limit };
  api.post<{ Params: { device: string } }>('/api/suspend/:device', cfg, (req, reply) => handle(req, reply, req.params.device, true));
  api.post<{ Params: { device: string } }>('/api/resume/:device', cfg, (req, reply) => handle(req, reply, req.params.device, false));
  api.post('/api/suspend', cfg, (req, reply) => handle(req, reply, null, true));
  api.post('/api/resume', cfg, (req, reply) => handle(req, reply, null, false));
}
