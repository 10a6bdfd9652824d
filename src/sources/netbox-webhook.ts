import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { IntentdError } from '../core/errors.js';
import { isDeviceName } from '../core/device-name.js';
import type { Logger } from '../log.js';
import { parseWebhook, type WebhookEvent } from '../adapters/netbox/webhook-event.js';

export interface NetboxWebhookDeps {
  /** Shared secret of the NetBox webhook; null disables signature checking. */
  secret: string | null;
  maxBodyBytes: number;
  /** Enqueues the device key. Must return at once: the request never waits for a reconcile. */
  onDevice(device: string, info: { source: 'webhook'; event: WebhookEvent }): void;
  /**
   * False for a device intentd does not manage: answered 202 ignored (NetBox sends webhooks for every
   * device, managed or not) and `onDevice` is not called. Default: every device is in scope.
   */
  inScope?(device: string): boolean;
  /**
   * Per-client limit (needs @fastify/rate-limit registered on the app). Correctly signed requests are
   * exempt: they come from NetBox, and the keyed queue coalesces their nudges.
   */
  rateLimit?: { max: number; windowMs: number };
  logger: Logger;
  metrics?: { webhook(outcome: string): void };
}

/** The lab's route (`/netbox`) and intentd's own. */
export const NETBOX_WEBHOOK_PATHS = ['/webhooks/netbox', '/netbox'] as const;

const DEVICE_TYPES = new Set(['dcim.interface', 'dcim.device', 'ipam.ipaddress']);

/** HMAC-SHA512 of the raw body, hex, as NetBox computes X-Hook-Signature. */
export function signNetboxBody(secret: string, body: Buffer | string): string {
  return createHmac('sha512', secret).update(body).digest('hex');
}

/** Constant-time check of an `X-Hook-Signature` header against the raw body. */
export function verifySignature(secret: string, raw: Buffer, header: string | undefined): boolean {
  if (!header || !/^[0-9a-fA-F]{128}$/.test(header)) return false;
  const expected = createHmac('sha512', secret).update(raw).digest();
  const given = Buffer.from(header, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Registers `POST /webhooks/netbox` and `POST /netbox` in an encapsulated plugin (its raw-body
 * parser does not leak to other routes). A valid interface/device/IP event only nudges:
 * `onDevice(name)` and 202. Responses: 413 too large, 401 bad/missing signature, 400 malformed
 * JSON or no/invalid device name, 202 `{accepted:false, ignored}` for other object types and for
 * devices outside `inScope`, 429 (Retry-After) over the per-client rate limit.
 * Every outcome is logged and counted via `metrics.webhook(outcome)`.
 */
export function registerNetboxWebhook(app: FastifyInstance, deps: NetboxWebhookDeps): void {
  const log = deps.logger.child({ component: 'netbox-webhook' });
  const outcome = (reply: FastifyReply, status: number, name: string, body: object, fields: object = {}): FastifyReply => {
    deps.metrics?.webhook(name);
    const level = status >= 400 ? 'warn' : 'info';
    log[level]({ outcome: name, status, ...fields }, `NetBox webhook ${name}`);
    return reply.code(status).send(body);
  };

  void app.register(async (child) => {
    child.removeAllContentTypeParsers();
    child.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: deps.maxBodyBytes }, (_req, body, done) =>
      done(null, body),
    );
    child.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
      if (err.statusCode === 413) {
        return outcome(reply, 413, 'too_large', { error: `body larger than ${deps.maxBodyBytes} bytes` });
      }
      if (err.statusCode === 429) return outcome(reply, 429, 'rate_limited', { error: err.message });
      const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
      return outcome(reply, status, 'error', { error: status < 500 ? err.message : 'internal error' }, { err: err.message });
    });

    const handler = async (req: { body: unknown; headers: Record<string, unknown> }, reply: FastifyReply) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (deps.secret) {
        const header = req.headers['x-hook-signature'];
        if (typeof header !== 'string' || header === '') {
          return outcome(reply, 401, 'signature_missing', { error: 'missing X-Hook-Signature' });
        }
        if (!verifySignature(deps.secret, raw, header)) {
          return outcome(reply, 401, 'signature_invalid', { error: 'invalid X-Hook-Signature' });
        }
      }
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        return outcome(reply, 400, 'malformed', { error: 'body is not valid JSON' });
      }
      let event: WebhookEvent;
      try {
        event = parseWebhook(json);
      } catch (err) {
        const message = err instanceof IntentdError ? err.message : 'not a NetBox webhook';
        return outcome(reply, 400, 'invalid', { error: message });
      }
      const fields = { event: event.event, objectType: event.objectType, requestId: event.requestId };
      if (!DEVICE_TYPES.has(event.objectType)) {
        return outcome(reply, 202, 'ignored', { accepted: false, ignored: `object type ${event.objectType}` }, fields);
      }
      if (!event.deviceName && event.objectType === 'ipam.ipaddress') {
        return outcome(reply, 202, 'ignored', { accepted: false, ignored: 'IP address not on a device interface' }, fields);
      }
      if (!event.deviceName) {
        return outcome(reply, 400, 'invalid', { error: `${event.objectType} webhook carries no device name` }, fields);
      }
      if (!isDeviceName(event.deviceName)) {
        return outcome(reply, 400, 'invalid', { error: 'device name is not a valid intentd device name' }, fields);
      }
      if (deps.inScope && !deps.inScope(event.deviceName)) {
        return outcome(reply, 202, 'out_of_scope', { accepted: false, ignored: `device ${event.deviceName} is not managed by intentd` }, {
          ...fields,
          device: event.deviceName,
        });
      }
      deps.onDevice(event.deviceName, { source: 'webhook', event });
      return outcome(reply, 202, 'accepted', { accepted: true, device: event.deviceName }, {
        ...fields,
        device: event.deviceName,
      });
    };
    const signed = (req: { body: unknown; headers: Record<string, unknown> }): boolean => {
      const header = req.headers['x-hook-signature'];
      return deps.secret !== null && Buffer.isBuffer(req.body) && typeof header === 'string' && verifySignature(deps.secret, req.body, header);
    };
    // preHandler: the signature needs the body, which is parsed after onRequest.
    const config = deps.rateLimit
      ? { rateLimit: { max: deps.rateLimit.max, timeWindow: deps.rateLimit.windowMs, hook: 'preHandler' as const, allowList: signed } }
      : {};
    for (const path of NETBOX_WEBHOOK_PATHS) child.post(path, { bodyLimit: deps.maxBodyBytes, config }, handler);
  });
}
