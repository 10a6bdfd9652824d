import { CISCO_IA_NS, NETCONF_NS } from '../../adapters/netconf/rpc.js';
import { attr, child, clone, escapeXml, parseXml, serialize, type XNode } from '../../adapters/xml/tree.js';
import { applyEdit } from './edit.js';
import { subtreeFilter } from './filter.js';
import { operationNotSupported, renderRpcError, rpcError, type SimRpcError } from './rpc-errors.js';
import type { SchemaNode } from './schema.js';

/** One RPC as the simulator saw it, for test assertions. */
export interface SimRequest {
  sessionId: number;
  /** The SSH login of the session (absent for out-of-band edits): which client wrote. */
  user?: string;
  operation: string;
  xml: string;
  ok: boolean;
  errorTags: string[];
  at: Date;
}

/** State shared by every NETCONF session of one simulated device. */
export interface DeviceCore {
  running: XNode;
  lockHolder: number | null;
  sessions: Map<number, { kill(): void }>;
  requests: SimRequest[];
  /** The device's YANG slice (default: the IOS-XE one, schema.ts ROOT). */
  schema?: Record<string, SchemaNode>;
  /** Fault hook: runs once after the next edit-config that changed running (then cleared). */
  afterEdit?: (() => void) | null;
  /** Fault: every edit-config is refused with this message (access-denied), until cleared (null). */
  refuseEdits?: string | null;
  /** Device-side normalization: leaves of these names are stored as the function makes them. */
  normalizeLeaves?: Map<string, (text: string) => string>;
}

export interface RpcOutcome {
  reply: string;
  /** True after close-session: the session ends once the reply is written. */
  close: boolean;
}

type Body = { ok: true; content: string } | { ok: false; errors: SimRpcError[] };
const ok = (content = '<ok/>'): Body => ({ ok: true, content });
const fail = (...errors: SimRpcError[]): Body => ({ ok: false, errors });

/** Handles one `<rpc>` from session `sessionId`; never throws (bad input becomes an rpc-error). */
export async function handleRpc(core: DeviceCore, sessionId: number, xml: string, user?: string): Promise<RpcOutcome> {
  let rpc: XNode;
  try {
    rpc = await parseXml(xml);
  } catch (err) {
    const e = rpcError('rpc', 'malformed-message', `malformed XML: ${(err as Error).message.split('\n')[0] ?? ''}`);
    return { reply: wrap(undefined, fail(e)), close: false };
  }
  const messageId = attr(rpc, '', 'message-id');
  const op = rpc.children[0];
  let body: Body;
  if (rpc.name !== 'rpc' || rpc.ns !== NETCONF_NS) body = fail(rpcError('rpc', 'unknown-element', `expected <rpc>, got <${rpc.name}>`, { info: { 'bad-element': rpc.name } }));
  else if (messageId === undefined) body = fail(rpcError('rpc', 'missing-attribute', 'missing message-id', { info: { 'bad-attribute': 'message-id', 'bad-element': 'rpc' } }));
  else if (!op) body = fail(rpcError('rpc', 'missing-element', 'rpc has no operation', { info: { 'bad-element': 'rpc' } }));
  else body = dispatch(core, sessionId, op);
  core.requests.push({
    sessionId,
    ...(user === undefined ? {} : { user }),
    operation: op?.name ?? rpc.name,
    xml,
    ok: body.ok,
    errorTags: body.ok ? [] : body.errors.map((e) => e.tag),
    at: new Date(),
  });
  return { reply: wrap(messageId, body), close: body.ok && op?.name === 'close-session' && op.ns === NETCONF_NS };
}

function wrap(messageId: string | undefined, body: Body): string {
  const id = messageId === undefined ? '' : ` message-id="${escapeXml(messageId)}"`;
  const inner = body.ok ? body.content : body.errors.map(renderRpcError).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rpc-reply xmlns="${NETCONF_NS}"${id}>${inner}</rpc-reply>`;
}

function dispatch(core: DeviceCore, sid: number, op: XNode): Body {
  if (op.ns === CISCO_IA_NS && (op.name === 'save-config' || op.name === 'sync-from' || op.name === 'checkpoint')) {
    const text = { 'save-config': 'Save running-config successful', 'sync-from': 'Sync successful', checkpoint: 'Checkpoint successful' }[op.name];
    return ok(`<result xmlns="${CISCO_IA_NS}">${text}</result>`);
  }
  if (op.ns !== NETCONF_NS) return fail(operationNotSupported(op.name));
  switch (op.name) {
    case 'get-config':
      return datastoreArg(op, 'source') ?? read(core, op);
    case 'get':
      return read(core, op);
    case 'edit-config':
      return datastoreArg(op, 'target') ?? edit(core, sid, op);
    case 'validate':
      return validate(core, op);
    case 'lock':
      return datastoreArg(op, 'target') ?? lock(core, sid);
    case 'unlock':
      return datastoreArg(op, 'target') ?? unlock(core, sid);
    case 'close-session':
      return ok();
    case 'kill-session':
      return kill(core, sid, child(op, 'session-id')?.text.trim() ?? '');
    default:
      return fail(operationNotSupported(op.name));
  }
}

/** Only `running` exists (no :candidate, like a stock IOS-XE without candidate-datastore). */
function datastoreArg(op: XNode, name: 'source' | 'target'): Body | null {
  const arg = child(op, name, NETCONF_NS);
  const ds = arg?.children[0];
  if (!ds) return fail(rpcError('protocol', 'missing-element', `missing <${name}>`, { info: { 'bad-element': name } }));
  if (ds.name === 'running') return null;
  if (name === 'source' && ds.name === 'config') return null;
  return fail(rpcError('protocol', 'invalid-value', `datastore ${ds.name} is not supported`, { path: `/nc:rpc/nc:${op.name}/nc:${name}`, info: { 'bad-element': ds.name } }));
}

function read(core: DeviceCore, op: XNode): Body {
  const filter = child(op, 'filter', NETCONF_NS);
  if (filter && (attr(filter, '', 'type') ?? 'subtree') !== 'subtree') {
    return fail(rpcError('protocol', 'bad-attribute', 'only subtree filters are supported', { info: { 'bad-attribute': 'type', 'bad-element': 'filter' } }));
  }
  const nodes = filter ? subtreeFilter(core.running.children, filter) : core.running.children;
  return ok(`<data>${nodes.map((n) => serialize(n, NETCONF_NS)).join('')}</data>`);
}

function lockedByOther(core: DeviceCore, sid: number): SimRpcError | null {
  if (core.lockHolder === null || core.lockHolder === sid) return null;
  return rpcError('protocol', 'in-use', 'the configuration database is locked by another session', { info: { 'session-id': String(core.lockHolder) } });
}

function edit(core: DeviceCore, sid: number, op: XNode): Body {
  const busy = lockedByOther(core, sid);
  if (busy) return fail(busy);
  if (typeof core.refuseEdits === 'string') return fail(rpcError('application', 'access-denied', core.refuseEdits));
  const config = child(op, 'config', NETCONF_NS);
  if (!config) return fail(rpcError('protocol', 'missing-element', 'missing <config> in the base namespace', { info: { 'bad-element': 'config' } }));
  const defaultOp = child(op, 'default-operation', NETCONF_NS)?.text.trim() ?? 'merge';
  if (defaultOp !== 'merge' && defaultOp !== 'replace' && defaultOp !== 'none') {
    return fail(rpcError('protocol', 'invalid-value', `invalid default-operation ${defaultOp}`, { info: { 'bad-element': 'default-operation' } }));
  }
  const next = clone(core.running);
  const errors = applyEdit(next, config, defaultOp, core.schema);
  if (errors.length > 0) return fail(...errors);
  if (child(op, 'test-option', NETCONF_NS)?.text.trim() !== 'test-only') {
    core.running = next;
    if (core.normalizeLeaves) normalizeStored(core.running, core.normalizeLeaves);
    const hook = core.afterEdit;
    core.afterEdit = null;
    hook?.();
  }
  return ok();
}

function validate(core: DeviceCore, op: XNode): Body {
  const source = child(op, 'source', NETCONF_NS)?.children[0];
  if (!source) return fail(rpcError('protocol', 'missing-element', 'missing <source>', { info: { 'bad-element': 'source' } }));
  if (source.name === 'running') return ok();
  if (source.name !== 'config') return fail(rpcError('protocol', 'invalid-value', `datastore ${source.name} is not supported`, { info: { 'bad-element': source.name } }));
  const errors = applyEdit(clone(core.running), source, 'merge', core.schema);
  return errors.length > 0 ? fail(...errors) : ok();
}

function lock(core: DeviceCore, sid: number): Body {
  if (core.lockHolder !== null) {
    return fail(rpcError('protocol', 'lock-denied', `Lock failed, lock is already held by session ${core.lockHolder}`, { info: { 'session-id': String(core.lockHolder) } }));
  }
  core.lockHolder = sid;
  return ok();
}

function unlock(core: DeviceCore, sid: number): Body {
  if (core.lockHolder !== sid) return fail(rpcError('protocol', 'access-denied', 'Unlock failed, session does not hold the lock'));
  core.lockHolder = null;
  return ok();
}

function kill(core: DeviceCore, sid: number, target: string): Body {
  const id = Number(target);
  const session = core.sessions.get(id);
  if (!session || id === sid) return fail(rpcError('protocol', 'invalid-value', `invalid session-id ${target}`, { info: { 'bad-element': 'session-id' } }));
  session.kill();
  return ok();
}

/** Rewrites every stored leaf named in `rules` as the device would store it. */
function normalizeStored(node: XNode, rules: Map<string, (text: string) => string>): void {
  for (const c of node.children) {
    const rule = rules.get(c.name);
    if (rule && c.children.length === 0) c.text = rule(c.text);
    else normalizeStored(c, rules);
  }
}
