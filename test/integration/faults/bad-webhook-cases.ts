// The table of bad webhook requests: each is answered with the right status before anything reaches
// NetBox or a device. Bodies here are what an attacker or a broken NetBox could send.
import { createHash, createHmac } from 'node:crypto';
import { signNetboxBody } from '../../../src/sources/netbox-webhook.js';
import type { NetboxEmulator } from '../../../src/lab/netbox-emulator.js';
import { DEVICE, WEBHOOK_SECRET } from '../e2e/lab-stack.js';
import { interfaceEvent } from '../e2e/probes.js';

export interface WebhookRequest {
  body: string | Buffer;
  /** undefined: signed correctly; null: no header; string: sent as is. */
  signature?: string | null;
  method?: string;
  headers?: Record<string, string>;
}

export interface BadWebhookCase {
  name: string;
  request(nb: NetboxEmulator): WebhookRequest;
  status: number;
}

const envelope = (data: unknown, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ event: 'updated', timestamp: new Date().toISOString(), object_type: 'dcim.interface', data, ...extra });
const onDevice = (device: unknown): string => envelope({ id: 3, name: 'GigabitEthernet1/0/2', device });
const named = (name: unknown): string => onDevice({ id: 1, name });
/** The real event for Gi1/0/2 with `data` fields overridden (intentd never acts on them). */
const tampered = (nb: NetboxEmulator, patch: Record<string, unknown>): string => {
  const event = interfaceEvent(nb, 'GigabitEthernet1/0/2');
  return JSON.stringify({ ...event, data: { ...(event.data as object), ...patch } });
};
const good = (nb: NetboxEmulator): string => JSON.stringify(interfaceEvent(nb, 'GigabitEthernet1/0/2'));

export const BAD_WEBHOOKS: BadWebhookCase[] = [
  // Signatures
  { name: 'missing X-Hook-Signature', request: (nb) => ({ body: good(nb), signature: null }), status: 401 },
  { name: 'empty X-Hook-Signature', request: (nb) => ({ body: good(nb), signature: '' }), status: 401 },
  { name: 'signed with another secret', request: (nb) => ({ body: good(nb), signature: signNetboxBody('not-the-secret', good(nb)) }), status: 401 },
  { name: 'signature of another body', request: (nb) => ({ body: good(nb), signature: signNetboxBody(WEBHOOK_SECRET, '{}') }), status: 401 },
  {
    name: 'body changed by one byte after signing',
    request: (nb) => { const b = good(nb); return { body: `${b} `, signature: signNetboxBody(WEBHOOK_SECRET, b) }; },
    status: 401,
  },
  { name: 'truncated signature', request: (nb) => ({ body: good(nb), signature: signNetboxBody(WEBHOOK_SECRET, good(nb)).slice(0, 64) }), status: 401 },
  { name: 'non-hex signature', request: (nb) => ({ body: good(nb), signature: 'z'.repeat(128) }), status: 401 },
  { name: 'signature with a sha512= prefix', request: (nb) => ({ body: good(nb), signature: `sha512=${signNetboxBody(WEBHOOK_SECRET, good(nb))}` }), status: 401 },
  { name: 'HMAC-SHA256 instead of SHA512', request: (nb) => ({ body: good(nb), signature: createHmac('sha256', WEBHOOK_SECRET).update(good(nb)).digest('hex') }), status: 401 },
  { name: 'plain SHA512 of the body without the secret', request: (nb) => ({ body: good(nb), signature: createHash('sha512').update(good(nb)).digest('hex') }), status: 401 },
  // Malformed and oversized bodies
  { name: 'truncated JSON', request: () => ({ body: '{"event": "updated", "data": {' }), status: 400 },
  { name: 'empty body', request: () => ({ body: '' }), status: 400 },
  { name: 'JSON null', request: () => ({ body: 'null' }), status: 400 },
  { name: 'JSON array', request: () => ({ body: '[]' }), status: 400 },
  { name: 'JSON string', request: () => ({ body: '"updated"' }), status: 400 },
  { name: 'JSON number', request: () => ({ body: '42' }), status: 400 },
  { name: 'UTF-8 byte order mark before the JSON', request: (nb) => ({ body: `\uFEFF${good(nb)}` }), status: 400 },
  { name: 'body over http.maxBodyBytes (70 KB)', request: () => ({ body: onDevice({ name: DEVICE, pad: 'x'.repeat(70_000) }) }), status: 413 },
  { name: 'huge JSON (2 MB)', request: () => ({ body: `[${'1,'.repeat(1_000_000)}1]` }), status: 413 },
  {
    name: '10 000-deep nesting as the device name',
    request: () => ({ body: `{"event":"updated","object_type":"dcim.interface","data":{"device":{"name":${'['.repeat(10_000)}${']'.repeat(10_000)}}}}` }),
    status: 400,
  },
  // Not a NetBox event
  { name: 'no event', request: () => ({ body: JSON.stringify({ object_type: 'dcim.interface', data: { device: { name: DEVICE } } }) }), status: 400 },
  { name: 'event is a number', request: () => ({ body: JSON.stringify({ event: 1, object_type: 'dcim.interface', data: { device: { name: DEVICE } } }) }), status: 400 },
  { name: 'no data', request: () => ({ body: JSON.stringify({ event: 'updated', object_type: 'dcim.interface' }) }), status: 400 },
  { name: 'data is an array', request: () => ({ body: envelope([{ device: { name: DEVICE } }]) }), status: 400 },
  { name: 'data is a string', request: () => ({ body: envelope(DEVICE) }), status: 400 },
  { name: 'neither object_type nor model', request: () => ({ body: JSON.stringify({ event: 'updated', data: { device: { name: DEVICE } } }) }), status: 400 },
  { name: 'object_type is a number, no model', request: () => ({ body: JSON.stringify({ event: 'updated', object_type: 7, data: { device: { name: DEVICE } } }) }), status: 400 },
  // Device names that must never become a key, a file name or a git path
  { name: 'interface without a device', request: () => ({ body: envelope({ id: 3, name: 'GigabitEthernet1/0/2' }) }), status: 400 },
  { name: 'device name ../../etc/passwd', request: () => ({ body: named('../../etc/passwd') }), status: 400 },
  { name: 'device name c9300/../../x', request: () => ({ body: named('c9300/../../x') }), status: 400 },
  { name: 'device name ..', request: () => ({ body: named('..') }), status: 400 },
  { name: 'device name with a newline', request: () => ({ body: named('c9300\nDevice: evil') }), status: 400 },
  { name: 'device name with a NUL byte', request: () => ({ body: named('c9300\u0000') }), status: 400 },
  { name: 'device name of 65 characters', request: () => ({ body: named(`c${'9'.repeat(64)}`) }), status: 400 },
  { name: 'empty device name', request: () => ({ body: named('') }), status: 400 },
  { name: 'device name is a number', request: () => ({ body: named(9300) }), status: 400 },
  { name: 'device is a string, not an object', request: () => ({ body: onDevice(DEVICE) }), status: 400 },
  { name: 'device name with shell metacharacters', request: () => ({ body: named('c9300; rm -rf /') }), status: 400 },
  { name: 'device name with XML markup', request: () => ({ body: named('<c9300/>') }), status: 400 },
  { name: 'device name with invalid UTF-8', request: () => ({ body: Buffer.concat([Buffer.from(named('c9300').slice(0, -4)), Buffer.from([0xff, 0xfe]), Buffer.from('"}}}')]) }), status: 400 },
  // Accepted nudges that carry nothing intentd acts on: level-triggered, the body is never used
  { name: 'unknown device (valid name)', request: () => ({ body: named('ghost-sw') }), status: 202 },
  { name: 'object type intentd ignores (dcim.site)', request: () => ({ body: envelope({ id: 1, name: 'lab' }, { object_type: 'dcim.site' }) }), status: 202 },
  { name: 'IP address not on an interface', request: () => ({ body: envelope({ id: 9, address: '10.0.0.9/24' }, { object_type: 'ipam.ipaddress' }) }), status: 202 },
  { name: 'unknown interface on the device', request: (nb) => ({ body: tampered(nb, { id: 999_999, name: 'GigabitEthernet9/9/99' }) }), status: 202 },
  { name: 'out-of-range MTU in the body', request: (nb) => ({ body: tampered(nb, { mtu: 99_999 }) }), status: 202 },
  { name: 'out-of-range VLAN in the body', request: (nb) => ({ body: tampered(nb, { mode: { value: 'access' }, untagged_vlan: { id: 1, vid: 5000 } }) }), status: 202 },
  { name: 'XML metacharacters in the body description', request: (nb) => ({ body: tampered(nb, { description: '</description><shutdown/><description>' }) }), status: 202 },
  { name: 'wrong field types in the body', request: (nb) => ({ body: tampered(nb, { id: '3', enabled: 'yes', mtu: 'big', custom_fields: [] }) }), status: 202 },
  { name: '__proto__ keys in the body', request: (nb) => ({ body: tampered(nb, JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as Record<string, unknown>) }), status: 202 },
  // Wrong method
  { name: 'GET on the webhook route', request: () => ({ body: '', method: 'GET' }), status: 404 },
  { name: 'PUT on the webhook route', request: (nb) => ({ body: good(nb), method: 'PUT' }), status: 404 },
];
