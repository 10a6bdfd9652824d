import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { parseApprovalInputs } from '../adapters/webex/approval-card.js';
import { escapeMarkdown } from '../adapters/webex/messages.js';
import type { AttachmentAction, WebexApi } from '../adapters/webex/webex-api.js';
import { isDeviceName } from '../core/device-name.js';
import { asIntentdError } from '../core/errors.js';
import type { Logger } from '../log.js';

/**
 * What a card click can do: approve or reject the plan held for a device, naming its hash. Each
 * throws an IntentdError when it cannot (no plan held, a stale hash): its message is told in the
 * card's thread. The approval gate (ApprovalService) provides these.
 */
export interface ApprovalActions {
  approve(device: string, planHash: string, approver: string): Promise<unknown>;
  reject(device: string, planHash: string, approver: string): Promise<unknown>;
}

export interface WebexWebhookDeps {
  /** The secret of the Webex webhook (`webex.webhookSecret`). */
  secret: string;
  /** E-mail addresses allowed to approve (compared case-insensitively); read at each click. */
  approvers: () => readonly string[];
  actions: ApprovalActions;
  api: Pick<WebexApi, 'attachmentAction' | 'person' | 'reply'>;
  maxBodyBytes: number;
  /** Per client; correctly signed requests are exempt (like the NetBox webhook). */
  rateLimit?: { max: number; windowMs: number };
  logger: Logger;
}

export const WEBEX_WEBHOOK_PATH = '/webhooks/webex';

/** HMAC-SHA1 of the raw body, hex: what Webex sends as X-Spark-Signature. */
export function signWebexBody(secret: string, body: Buffer | string): string {
  return createHmac('sha1', secret).update(body).digest('hex');
}

/** Constant-time check of an `X-Spark-Signature` header against the raw body. */
export function verifyWebexSignature(secret: string, raw: Buffer, header: unknown): boolean {
  if (typeof header !== 'string' || !/^[0-9a-fA-F]{40}$/.test(header)) return false;
  const expected = createHmac('sha1', secret).update(raw).digest();
  const given = Buffer.from(header, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const past = (a: 'approve' | 'reject'): string => (a === 'approve' ? 'approved' : 'rejected');

type Outcome = 'signature_invalid' | 'malformed' | 'ignored' | 'webex_failed' | 'refused' | 'approved' | 'rejected' | 'failed';

/**
 * `POST /webhooks/webex`: a card action (resource `attachmentActions`, event `created`). The body is
 * trusted only after its signature is checked over the raw bytes (401 otherwise, nothing done), and
 * even then only for `data.id`: the action (inputs, person, message) is read from Webex, the person's
 * e-mails are checked against the approvers, and then the plan is approved or rejected by that
 * e-mail. Every decision is logged and told in the card's thread. Verified deliveries are answered
 * 200 whatever the outcome (a refused approver is not Webex's error; non-2xx answers would count
 * against the webhook), 502 when Webex itself could not be read.
 */
export function registerWebexWebhook(app: FastifyInstance, deps: WebexWebhookDeps): void {
  const log = deps.logger.child({ component: 'webex-webhook' });
  const done = (reply: FastifyReply, status: number, outcome: Outcome, fields: object = {}, body: object = {}): FastifyReply => {
    log[status >= 400 || outcome === 'refused' ? 'warn' : 'info']({ outcome, status, ...fields }, `Webex card action ${outcome}`);
    return reply.code(status).send({ outcome, ...body });
  };
  const tell = async (a: AttachmentAction, markdown: string, text: string): Promise<void> => {
    await deps.api.reply(a.roomId, a.messageId, markdown, text).catch((err: Error) => log.warn({ err: err.message, messageId: a.messageId }, 'webex: reply in the card thread failed'));
  };

  void app.register(async (child) => {
    child.removeAllContentTypeParsers();
    child.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: deps.maxBodyBytes }, (_req, body, next) => next(null, body));
    const signed = (req: { body: unknown; headers: Record<string, unknown> }): boolean =>
      Buffer.isBuffer(req.body) && verifyWebexSignature(deps.secret, req.body, req.headers['x-spark-signature']);
    const config = deps.rateLimit
      ? { rateLimit: { max: deps.rateLimit.max, timeWindow: deps.rateLimit.windowMs, hook: 'preHandler' as const, allowList: signed } }
      : {};

    child.post(WEBEX_WEBHOOK_PATH, { bodyLimit: deps.maxBodyBytes, config }, async (req, reply) => {
      if (!signed(req)) return done(reply, 401, 'signature_invalid', {}, { error: 'missing or invalid X-Spark-Signature' });
      let env: { resource?: unknown; event?: unknown; data?: { id?: unknown } };
      try {
        env = JSON.parse((req.body as Buffer).toString('utf8')) as typeof env;
      } catch {
        return done(reply, 400, 'malformed', {}, { error: 'body is not valid JSON' });
      }
      if (env?.resource !== 'attachmentActions' || env.event !== 'created') {
        return done(reply, 200, 'ignored', { resource: env?.resource, event: env?.event });
      }
      const id = env.data?.id;
      if (typeof id !== 'string' || id === '') return done(reply, 400, 'malformed', {}, { error: 'no data.id' });

      let action: AttachmentAction;
      let emails: string[];
      try {
        action = await deps.api.attachmentAction(id);
        emails = (await deps.api.person(action.personId)).emails;
      } catch (err) {
        return done(reply, 502, 'webex_failed', { actionId: id, err: asIntentdError(err).message }, { error: 'could not read the action from Webex' });
      }
      const inputs = parseApprovalInputs(action.inputs);
      if (!inputs || !isDeviceName(inputs.device)) return done(reply, 200, 'ignored', { actionId: id, why: 'not an approval card action' });
      const allowed = new Set(deps.approvers().map((a) => a.toLowerCase()));
      const by = emails.find((e) => allowed.has(e.toLowerCase()));
      const fields = { actionId: id, device: inputs.device, plan: inputs.plan, action: inputs.action, person: emails[0] ?? action.personId };
      if (by === undefined) {
        const who = emails[0] ?? 'this person';
        const msg = `Refused: ${who} is not an approver; the plan ${inputs.plan.slice(0, 12)} for ${inputs.device} was not ${past(inputs.action)}.`;
        await tell(action, `🚫 ${escapeMarkdown(msg)}`, `🚫 ${msg}`);
        return done(reply, 200, 'refused', fields);
      }
      try {
        await (inputs.action === 'approve' ? deps.actions.approve(inputs.device, inputs.plan, by) : deps.actions.reject(inputs.device, inputs.plan, by));
      } catch (thrown) {
        const err = asIntentdError(thrown);
        const msg = `Not ${past(inputs.action)} (${err.reason}): ${err.message}`;
        await tell(action, `⚠️ ${escapeMarkdown(msg)}`, `⚠️ ${msg}`);
        return done(reply, 200, 'failed', { ...fields, by, reason: err.reason, err: err.message }, { reason: err.reason });
      }
      const msg = `${inputs.action === 'approve' ? 'Approved' : 'Rejected'} by ${by}: plan ${inputs.plan.slice(0, 12)} for ${inputs.device}.`;
      const icon = inputs.action === 'approve' ? '✅' : '❌';
      await tell(action, `${icon} ${escapeMarkdown(msg)}`, `${icon} ${msg}`);
      return done(reply, 200, inputs.action === 'approve' ? 'approved' : 'rejected', { ...fields, by });
    });
  });
}
