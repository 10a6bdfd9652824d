import { createHmac, randomUUID } from 'node:crypto';
import type { EmuInterface } from './netbox-emulator-model.js';
import type { NetboxSerializer } from './netbox-emulator-serialize.js';

export interface EmulatorWebhook {
  url: string;
  /** '' = unsigned, as in NetBox. */
  secret: string;
  /** Envelope version: 3.5 (`model`, space timestamp) or 4.6 (`object_type`, `request{}`). */
  shape: '3.5' | '4.6';
}

export interface Delivery {
  url: string;
  status: number | null;
  error: string | null;
  body: string;
}

export interface InterfaceChange {
  row: EmuInterface;
  before: Record<string, unknown>;
  user: string;
  method: string;
  path: string;
}

/** `str(datetime)` as NetBox ≤3.6 put it in webhooks: `2023-05-25 19:56:18.518640+00:00`. */
function timestamp(shape: '3.5' | '4.6', now = new Date()): string {
  const iso = now.toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');
  return shape === '3.5' ? iso.replace('T', ' ') : iso;
}

/**
 * Sends webhooks the way NetBox's RQ worker does: after the change, asynchronously, one POST per
 * webhook, signed with HMAC-SHA512 when a secret is set, and no retries.
 */
export class WebhookDispatcher {
  readonly hooks: EmulatorWebhook[] = [];
  readonly deliveries: Delivery[] = [];
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly ser: NetboxSerializer) {}

  payload(hook: EmulatorWebhook, change: InterfaceChange): string {
    const requestId = randomUUID();
    const head: Record<string, unknown> = { event: 'updated', timestamp: timestamp(hook.shape) };
    if (hook.shape === '3.5') head.model = 'interface';
    else head.object_type = 'dcim.interface';
    const body: Record<string, unknown> = {
      ...head,
      username: change.user,
      request_id: requestId,
      data: this.ser.iface(change.row, hook.shape),
    };
    if (hook.shape === '4.6') body.request = { id: requestId, method: change.method, path: change.path, user: change.user };
    body.snapshots = { prechange: change.before, postchange: this.ser.snapshot(change.row) };
    return JSON.stringify(body);
  }

  /** Queues delivery of one change to every webhook; returns at once. */
  emit(change: InterfaceChange): void {
    for (const hook of this.hooks) {
      const body = this.payload(hook, change);
      const p = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => this.send(hook, body))
        .finally(() => this.pending.delete(p));
      this.pending.add(p);
    }
  }

  private async send(hook: EmulatorWebhook, body: string): Promise<void> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (hook.secret !== '') headers['X-Hook-Signature'] = createHmac('sha512', hook.secret).update(body).digest('hex');
    try {
      const res = await fetch(hook.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      this.deliveries.push({ url: hook.url, status: res.status, error: null, body });
    } catch (err) {
      this.deliveries.push({ url: hook.url, status: null, error: err instanceof Error ? err.message : String(err), body });
    }
  }

  /** Resolves when every queued delivery has been attempted. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
