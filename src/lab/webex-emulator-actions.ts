import { createHmac, randomUUID } from 'node:crypto';
import type { EmulatedMessage } from './webex-emulator.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64').replace(/=+$/, '');
/** A Webex-style id: base64 of `ciscospark://us/<KIND>/<key>`. */
export const idOf = (kind: string, key: string): string => b64(`ciscospark://us/${kind}/${key}`);

/** An AttachmentAction as GET /v1/attachment/actions/{id} returns it. */
export interface EmulatedAction {
  id: string;
  type: 'submit';
  messageId: string;
  inputs: Record<string, unknown>;
  personId: string;
  roomId: string;
  created: string;
}

/** What `clickButton` saw: the action created and the answer of the webhook target. */
export interface ClickResult {
  action: EmulatedAction;
  status: number;
  body: string;
}

interface Person {
  id: string;
  emails: string[];
  displayName: string;
  created: string;
}

/**
 * The card side of the Webex emulator: people, the `attachmentActions` webhook and button clicks.
 * A click creates an attachment action (readable with GET /v1/attachment/actions/{id}) and POSTs
 * the webhook envelope, signed as Webex signs it, to the registered target.
 */
export class EmulatedCardActions {
  readonly actions: EmulatedAction[] = [];
  private readonly people = new Map<string, Person>();
  private webhook: { id: string; name: string; targetUrl: string; secret: string; created: string } | null = null;

  addPerson(email: string, displayName = email): string {
    const id = idOf('PEOPLE', email.toLowerCase());
    this.people.set(id, { id, emails: [email], displayName, created: new Date().toISOString() });
    return id;
  }

  person(id: string): Person | undefined {
    return this.people.get(id);
  }

  action(id: string): EmulatedAction | undefined {
    return this.actions.find((a) => a.id === id);
  }

  /**
   * What an operator does once with POST /v1/webhooks: `resource: attachmentActions`, `event: created`,
   * `targetUrl`, `secret`. Clicks are then posted there.
   */
  createWebhook(o: { targetUrl: string; secret: string; name?: string }): void {
    this.webhook = { id: idOf('WEBHOOK', randomUUID()), name: o.name ?? 'intentd approvals', targetUrl: o.targetUrl, secret: o.secret, created: new Date().toISOString() };
  }

  /**
   * `email` clicks the Action.Submit titled `title` on the card of `msg`: an attachment action with
   * the button's data as inputs, then the webhook envelope (ids only, no inputs) POSTed to the target
   * with `X-Spark-Signature` = HMAC-SHA1 hex of the body. `signWith` overrides the secret (a forged
   * delivery). Throws when there is no such button or no webhook.
   */
  async click(msg: EmulatedMessage, title: string, email: string, o: { signWith?: string } = {}): Promise<ClickResult> {
    const buttons = (msg.attachments?.[0]?.content.actions ?? []) as Array<{ type?: string; title?: string; data?: unknown }>;
    const button = buttons.find((b) => b.type === 'Action.Submit' && b.title === title);
    if (!button) throw new Error(`Webex emulator: no button ${JSON.stringify(title)} on message ${msg.id}`);
    if (!this.webhook) throw new Error('Webex emulator: no attachmentActions webhook registered (createWebhook)');
    const personId = [...this.people.values()].find((p) => p.emails.includes(email))?.id ?? this.addPerson(email);
    const created = new Date().toISOString();
    const action: EmulatedAction = {
      id: idOf('ATTACHMENT_ACTION', randomUUID()),
      type: 'submit',
      messageId: msg.id,
      inputs: { ...((button.data ?? {}) as Record<string, unknown>) },
      personId,
      roomId: msg.roomId,
      created,
    };
    this.actions.push(action);
    const w = this.webhook;
    const body = JSON.stringify({
      id: w.id,
      name: w.name,
      targetUrl: w.targetUrl,
      resource: 'attachmentActions',
      event: 'created',
      orgId: idOf('ORGANIZATION', 'lab'),
      createdBy: idOf('PEOPLE', 'intentd-bot'),
      appId: idOf('APPLICATION', 'intentd'),
      ownedBy: 'creator',
      status: 'active',
      created: w.created,
      actorId: personId,
      data: { id: action.id, type: 'submit', messageId: msg.id, personId, roomId: msg.roomId, created },
    });
    const signature = createHmac('sha1', o.signWith ?? w.secret).update(body).digest('hex');
    const res = await fetch(w.targetUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-spark-signature': signature }, body });
    return { action, status: res.status, body: await res.text() };
  }
}
