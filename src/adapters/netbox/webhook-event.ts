import { ValidationError } from '../../core/errors.js';

/** What intentd keeps of a NetBox webhook: enough to pick the device key, nothing to act on. */
export interface WebhookEvent {
  event: string;
  /** `app_label.model`, e.g. 'dcim.interface'; 3.x `model` names are mapped to it. */
  objectType: 'dcim.interface' | 'dcim.device' | string;
  deviceName: string | null;
  deviceId: number | null;
  interfaceId: number | null;
  requestId: string | null;
  timestamp: string | null;
}

/** NetBox ≤4.4 sends only the model name; these are the ones intentd cares about. */
const MODEL_TO_OBJECT_TYPE: Record<string, string> = {
  interface: 'dcim.interface',
  device: 'dcim.device',
  ipaddress: 'ipam.ipaddress',
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);

function objectTypeOf(body: Obj): string {
  const ot = str(body.object_type);
  if (ot) return ot;
  const model = str(body.model);
  if (model) return MODEL_TO_OBJECT_TYPE[model] ?? model;
  throw new ValidationError('NetBox webhook has neither object_type nor model');
}

function deviceOf(objectType: string, data: Obj): { name: string | null; id: number | null; iface: number | null } {
  if (objectType === 'dcim.device') return { name: str(data.name), id: num(data.id), iface: null };
  if (objectType === 'dcim.interface') {
    const dev = isObj(data.device) ? data.device : {};
    return { name: str(dev.name), id: num(dev.id), iface: num(data.id) };
  }
  if (objectType === 'ipam.ipaddress' && data.assigned_object_type === 'dcim.interface') {
    const obj = isObj(data.assigned_object) ? data.assigned_object : {};
    const dev = isObj(obj.device) ? obj.device : {};
    return { name: str(dev.name), id: num(dev.id), iface: num(obj.id) };
  }
  return { name: null, id: null, iface: null };
}

/**
 * Parses a NetBox webhook body (3.5 `model` … 4.6 `object_type` + `request{}`; the deprecated
 * `username`/`request_id` are optional). Pure; throws ValidationError when it is not a NetBox
 * event envelope. The device name is returned as sent: callers validate it.
 */
export function parseWebhook(body: unknown): WebhookEvent {
  if (!isObj(body)) throw new ValidationError('NetBox webhook body is not a JSON object');
  const event = str(body.event);
  if (!event) throw new ValidationError('NetBox webhook has no event');
  if (!isObj(body.data)) throw new ValidationError('NetBox webhook has no data object');
  const objectType = objectTypeOf(body);
  const dev = deviceOf(objectType, body.data);
  const request = isObj(body.request) ? body.request : {};
  const ts = str(body.timestamp);
  return {
    event,
    objectType,
    deviceName: dev.name,
    deviceId: dev.id,
    interfaceId: dev.iface,
    requestId: str(request.id) ?? str(body.request_id),
    timestamp: ts ? ts.replace(/^(\d{4}-\d{2}-\d{2}) /, '$1T') : null,
  };
}
