import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { asIntentdError } from '../core/errors.js';
import type { ApprovalService } from '../controllers/approval-service.js';
import { refuseActing } from './api-auth.js';

const STATUS: Record<string, number> = { NoPlanPending: 404, StalePlan: 409, AlreadyDecided: 409, NotAnApprover: 403 };

/**
 * `POST /api/approve/:device` and `POST /api/reject/:device` with JSON `{plan, by}`: decide the plan
 * the device holds for approval, named by its hash. Behind the bearer token and rate-limited like the
 * other acting routes. 200 with the decision; 404 nothing waits; 409 a stale hash or already decided;
 * 403 not in `approval.approvers`; 400 without `plan`.
 */
export function registerApprovalRoutes(api: FastifyInstance, o: { apiToken: string | null; approvals: ApprovalService; limit: object }): void {
  const handle = async (req: FastifyRequest<{ Params: { device: string } }>, reply: FastifyReply, approve: boolean): Promise<FastifyReply> => {
    const { device } = req.params;
    if (refuseActing(o.apiToken, req, reply, device)) return reply;
    const body = (req.body ?? {}) as { plan?: unknown; by?: unknown };
    if (typeof body.plan !== 'string' || !/^[0-9a-fA-F]{64}$/.test(body.plan.trim())) return reply.code(400).send({ error: 'the plan hash is required: {"plan": "<sha256>", "by": "…"}' });
    const by = typeof body.by === 'string' && body.by.trim() !== '' ? body.by.trim().slice(0, 100) : 'api';
    try {
      const held = approve ? await o.approvals.approve(device, body.plan, by) : await o.approvals.reject(device, body.plan, by);
      return reply.code(200).send({ device, plan: held.hash, decision: held.decision });
    } catch (thrown) {
      const err = asIntentdError(thrown);
      return reply.code(STATUS[err.reason] ?? (err.retryable ? 503 : 409)).send({ error: err.message, reason: err.reason });
    }
  };
  const cfg = { config: o.limit };
  api.post<{ Params: { device: string } }>('/api/approve/:device', cfg, (req, reply) => handle(req, reply, true));
  api.post<{ Params: { device: string } }>('/api/reject/:device', cfg, (req, reply) => handle(req, reply, false));
}
