import { describe, expect, it } from 'vitest';
import {
  attr, attrAnyNs, child, childNames, childText, children, clone, el, escapeText, escapeXml, parseRootNamed, parseXml, path, serialize,
} from '../../../../src/adapters/xml/tree.js';

const NC = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const NATIVE = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';

describe('parseXml', () => {
  it('reads prefixed, default and inherited namespaces the same', async () => {
    const a = await parseXml(`<nc:data xmlns:nc="${NC}"><native xmlns="${NATIVE}"><mtu>9000</mtu></native></nc:data>`);
    const b = await parseXml(`<data xmlns="${NC}"><ios:native xmlns:ios="${NATIVE}"><ios:mtu>9000</ios:mtu></ios:native></data>`);
    expect(a).toEqual(b);
    expect(path(a, 'native', 'mtu')).toMatchObject({ name: 'mtu', ns: NATIVE, text: '9000' });
  });

  it('keeps text as sent and reads whitespace-only text as empty', async () => {
    const root = await parseXml('<a><b>  two words \n</b><c>   </c><d/></a>');
    expect(root.children.map((c) => c.text)).toEqual(['  two words \n', '', '']);
  });

  it('keeps attributes by namespace and leaves namespace declarations out', async () => {
    const root = await parseXml(`<rpc xmlns="${NC}" xmlns:nc="${NC}" message-id="7"><x nc:operation="remove"/></rpc>`);
    expect([...root.attrs]).toEqual([['|message-id', '7']]);
    expect(attr(root.children[0]!, NC, 'operation')).toBe('remove');
    expect(attrAnyNs(root.children[0]!, 'operation')).toBe('remove');
  });

  it('rejects malformed XML, an unbound prefix and a document without an element', async () => {
    await expect(parseXml('<a><b></a>')).rejects.toThrow();
    await expect(parseXml('<p:a/>')).rejects.toThrow(/Unbound namespace prefix/);
    await expect(parseXml('  ')).rejects.toThrow('empty XML document');
  });
});

describe('parseRootNamed', () => {
  it('returns the root only when it has the local name asked for', async () => {
    expect((await parseRootNamed(`<nc:hello xmlns:nc="${NC}"/>`, 'hello'))?.ns).toBe(NC);
    expect(await parseRootNamed('<rpc-reply/>', 'hello')).toBeUndefined();
    expect(await parseRootNamed('', 'hello')).toBeUndefined();
  });
});

describe('child helpers', () => {
  it('find children by local name, optionally by namespace, in document order', async () => {
    const root = await parseXml(`<r xmlns:n="${NATIVE}"><x>1</x><n:x>2</n:x><y/><x> 3 </x></r>`);
    expect(children(root, 'x').map((c) => c.text)).toEqual(['1', '2', ' 3 ']);
    expect(children(root, 'x', NATIVE).map((c) => c.text)).toEqual(['2']);
    expect(child(root, 'x', NATIVE)?.text).toBe('2');
    expect(childNames(root)).toEqual(['x', 'y']);
    expect(childText(root, 'x')).toBe('1');
    expect(childText(root, 'z')).toBeUndefined();
    expect(child(undefined, 'x')).toBeUndefined();
  });
});

describe('building and writing', () => {
  it('writes xmlns only where the namespace changes and escapes text', () => {
    const tree = el('native', NATIVE, [el('description', NATIVE, [], 'a < b & "c"'), el('shutdown', NATIVE)]);
    expect(serialize(tree, NC)).toBe(`<native xmlns="${NATIVE}"><description>a &lt; b &amp; "c"</description><shutdown/></native>`);
  });

  it('clones deeply', () => {
    const tree = el('a', '', [el('b', '', [], 'x')]);
    const copy = clone(tree);
    copy.children[0]!.text = 'y';
    expect(tree.children[0]!.text).toBe('x');
  });

  it('escapes quotes for attributes but not in element text', () => {
    expect(escapeXml(`a & b < c > d " e ' f`)).toBe('a &amp; b &lt; c &gt; d &quot; e &apos; f');
    expect(escapeText(`a & b < c > d " e ' f`)).toBe(`a &amp; b &lt; c &gt; d " e ' f`);
  });
});
