import { NETCONF_NS } from '../../adapters/netconf/rpc.js';
import { NATIVE_NS } from '../../adapters/platforms/iosxe/namespaces.js';
import { attr, child, el, type XNode } from '../../adapters/xml/tree.js';
import { ROOT, prefixOf, type SchemaNode } from './schema.js';
import { dataExists, dataMissing, deviceRefused, invalidValue, rpcError, unknownElement, type SimRpcError } from './rpc-errors.js';

export type EditOperation = 'merge' | 'replace' | 'create' | 'delete' | 'remove' | 'none';
const OPERATIONS: ReadonlySet<string> = new Set(['merge', 'replace', 'create', 'delete', 'remove', 'none']);

/**
 * Applies the children of an edit-config `<config>` to `root` (the datastore's top node, mutated in
 * place) and returns every problem found. The caller works on a copy and keeps it only when the list
 * is empty, which gives rollback-on-error semantics: one bad leaf rejects the whole edit.
 */
export function applyEdit(root: XNode, config: XNode, defaultOperation: 'merge' | 'replace' | 'none', schema: Record<string, SchemaNode> = ROOT): SimRpcError[] {
  const errors: SimRpcError[] = [];
  editChildren(schema, root, config, defaultOperation, '', errors);
  normalize(schema, root);
  if (errors.length === 0) errors.push(...crossChecks(root));
  return errors;
}

function editChildren(schema: Record<string, SchemaNode>, data: XNode, edit: XNode, inherited: EditOperation, path: string, errors: SimRpcError[]): void {
  for (const e of edit.children) {
    const s = schema[e.name];
    let p = `${path}/${prefixOf(e.ns)}:${e.name}`;
    if (!s || s.ns !== e.ns) {
      errors.push(unknownElement(e.name, p));
      continue;
    }
    const opAttr = attr(e, NETCONF_NS, 'operation');
    if (opAttr !== undefined && !OPERATIONS.has(opAttr)) {
      errors.push(rpcError('protocol', 'bad-attribute', `invalid operation "${opAttr}"`, { path: p, info: { 'bad-attribute': 'operation', 'bad-element': e.name } }));
      continue;
    }
    const op = (opAttr ?? inherited) as EditOperation;
    let existing: XNode | undefined;
    if (s.kind === 'list') {
      const key = child(e, s.key)?.text;
      if (key === undefined) {
        errors.push(rpcError('protocol', 'missing-element', `missing key leaf ${s.key}`, { path: p, info: { 'bad-element': s.key } }));
        continue;
      }
      p += `[${prefixOf(s.ns)}:${s.key}='${key}']`;
      const problem = s.keyCheck(key);
      if (problem !== null) {
        errors.push(invalidValue(problem, p));
        continue;
      }
      existing = data.children.find((c) => c.name === e.name && c.ns === e.ns && child(c, s.key)?.text === key);
      if (s.fixed && (!existing || op === 'delete' || op === 'remove')) {
        // Physical ports can be neither created nor deleted; IOS-XE refuses the CLI it would generate.
        errors.push(deviceRefused(p));
        continue;
      }
    } else if (s.kind === 'leaf-list') {
      // Each entry of a leaf-list is its own instance, identified by its value.
      existing = data.children.find((c) => c.name === e.name && c.ns === e.ns && c.text.trim() === e.text.trim());
    } else {
      existing = child(data, e.name, e.ns);
    }
    if (op === 'delete' || op === 'remove') {
      if (existing) data.children.splice(data.children.indexOf(existing), 1);
      else if (op === 'delete') errors.push(dataMissing(p));
      continue;
    }
    if (op === 'create' && existing) {
      errors.push(dataExists(p));
      continue;
    }
    if (s.kind === 'leaf') {
      const problem = s.check(e.text);
      if (problem !== null) errors.push(invalidValue(problem, p));
      // Values are stored canonically (trimmed); free text keeps what the user typed.
      else if (op !== 'none') setNode(data, existing, el(e.name, e.ns, [], e.name === 'description' ? e.text : e.text.trim()));
      continue;
    }
    if (s.kind === 'leaf-list') {
      const problem = s.check(e.text);
      if (problem !== null) errors.push(invalidValue(problem, p));
      else if (op !== 'none' && !existing) data.children.push(el(e.name, e.ns, [], e.text.trim()));
      continue;
    }
    if (s.kind === 'empty') {
      if (op !== 'none' && !existing) setNode(data, undefined, el(e.name, e.ns));
      continue;
    }
    let node = existing;
    if (!node) {
      node = el(e.name, e.ns);
      if (s.kind === 'list') node.children.push(el(s.key, s.ns, [], child(e, s.key)?.text ?? ''));
      data.children.push(node);
    } else if (op === 'replace') {
      node.children = s.kind === 'list' ? node.children.filter((c) => c.name === s.key) : [];
    }
    editChildren(s.children, node, e, op === 'replace' || op === 'create' ? 'merge' : op, p, errors);
    if (s.kind === 'container' && s.choice) enforceChoice(node, s.choice, e);
  }
}

function setNode(parent: XNode, existing: XNode | undefined, fresh: XNode): void {
  if (existing) existing.text = fresh.text;
  else parent.children.push(fresh);
}

/** Cases of a YANG choice exclude each other: setting `mode/trunk` removes `mode/access`. */
function enforceChoice(node: XNode, choice: readonly string[], edit: XNode): void {
  const chosen = edit.children.filter((c) => choice.includes(c.name) && attr(c, NETCONF_NS, 'operation') !== 'remove' && attr(c, NETCONF_NS, 'operation') !== 'delete');
  const last = chosen[chosen.length - 1];
  if (!last) return;
  node.children = node.children.filter((c) => !choice.includes(c.name) || c.name === last.name);
}

/**
 * Drops non-presence containers left without children (they do not exist in YANG data) and puts
 * children in schema order, so replies look the same however the data was built.
 */
function normalize(schema: Record<string, SchemaNode>, node: XNode): void {
  const order = Object.keys(schema);
  node.children = node.children.filter((c) => {
    const s = schema[c.name];
    if (!s || (s.kind !== 'container' && s.kind !== 'list')) return true;
    normalize(s.children, c);
    return s.kind === 'list' || c.children.length > 0;
  });
  node.children.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
}

/** The `must` on ip/address: IOS-XE refuses an IP address on a switchport. */
function crossChecks(root: XNode): SimRpcError[] {
  const errors: SimRpcError[] = [];
  const ifaces = child(child(root, 'native', NATIVE_NS) ?? el('', ''), 'interface', NATIVE_NS);
  for (const i of ifaces?.children ?? []) {
    const hasIp = child(child(child(i, 'ip') ?? el('', ''), 'address') ?? el('', ''), 'primary') !== undefined;
    const l2 = child(child(i, 'switchport-conf') ?? el('', ''), 'switchport')?.text.trim() === 'true';
    if (hasIp && l2) {
      const name = child(i, 'name')?.text ?? '';
      errors.push(invalidValue('To configure ip address, set switchport to false 1st', `/ios:native/ios:interface/ios:${i.name}[ios:name='${name}']/ios:ip/ios:address/ios:primary`));
    }
  }
  return errors;
}
