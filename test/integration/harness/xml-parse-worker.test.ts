// Runs against the build (dist/): the parse worker is a compiled file; `npm test` builds before vitest.
import { describe, expect, it } from 'vitest';

const built = (file: string): string => new URL(`../../../dist/src/adapters/xml/${file}`, import.meta.url).href;
const { OFF_LOOP_MIN_CHARS, xmlParsePool } = (await import(built('parse-pool.js'))) as typeof import('../../../src/adapters/xml/parse-pool.js');
const { parseDocumentHere, parseXml } = (await import(built('tree.js'))) as typeof import('../../../src/adapters/xml/tree.js');

const big = (extra = ''): string => {
  const ifs = Array.from({ length: 80 }, (_, i) => `<GigabitEthernet><name>1/0/${i + 1}</name><description a="x &amp; y">port ${i} &lt;b&gt;</description></GigabitEthernet>`).join('');
  return `<data xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><native xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-native"><interface>${ifs}${extra}</interface></native></data>`;
};

describe('big XML documents are parsed in the worker thread, with the same result', () => {
  it('gives the tree the event loop would have built, attributes and entities included', async () => {
    const before = xmlParsePool.parsed;
    const xml = big();
    expect(xml.length).toBeGreaterThan(OFF_LOOP_MIN_CHARS);
    expect(await parseXml(xml)).toEqual(await parseDocumentHere(xml));
    expect(xmlParsePool.parsed).toBe(before + 1);
  });

  it('parses a small reply (a one-interface read) on the event loop, where a worker round trip would cost more', async () => {
    const before = xmlParsePool.parsed;
    const xml = '<data xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><x>1</x></data>';
    expect(xml.length).toBeLessThan(OFF_LOOP_MIN_CHARS);
    expect((await parseXml(xml)).name).toBe('data');
    expect(xmlParsePool.parsed).toBe(before);
  });

  it('rejects malformed XML with the parser\'s own message', async () => {
    const xml = big('<open-only>');
    const here = await parseDocumentHere(xml).then(() => '', (e: Error) => e.message);
    expect(here).not.toBe('');
    await expect(parseXml(xml)).rejects.toThrow(here.split('\n')[0] as string);
  });
});
