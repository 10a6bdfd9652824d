import { SAMPLES } from '../../../harness/shared-samples.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataInner, parseReply, replyMessageId } from '../../../../src/adapters/netconf/reply.js';

const NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';

describe('rpc-reply parsing', () => {
  it('reads an ok reply with yuma extras', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<rpc-reply message-id="3" last-modified="2026-11-27T10:00:00Z"\n  xmlns:ncx="http://netconfcentral.org/ns/yuma-ncx" xmlns="${NS}">\n  <ok/>\n</rpc-reply>`;
    expect(await parseReply(xml)).toEqual({ messageId: '3', xml, ok: true, failed: false, errors: [], data: null });
  });

  it('keeps data as the raw inner XML, untouched', async () => {
    const inner = '\n  <native xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-native"><interface><GigabitEthernet><name>1/0/2</name><description>a &amp; b</description></GigabitEthernet></interface></native>\n';
    const reply = await parseReply(`<rpc-reply message-id="9" xmlns="${NS}"><data xmlns:x="urn:x">${inner}</data></rpc-reply>`);
    expect(reply.data).toBe(inner);
    expect([reply.ok, reply.failed]).toEqual([false, false]);
  });

  it('reads empty data written both ways', async () => {
    expect((await parseReply(`<rpc-reply message-id="1" xmlns="${NS}"><data></data></rpc-reply>`)).data).toBe('');
    expect((await parseReply(`<rpc-reply message-id="1" xmlns="${NS}"><data/></rpc-reply>`)).data).toBe('');
    expect((await parseReply(`<nc:rpc-reply message-id="1" xmlns:nc="${NS}"><nc:data /></nc:rpc-reply>`)).data).toBe('');
  });

  it('keeps nested elements called data inside, with a prefixed outer data', () => {
    const xml = `<nc:rpc-reply xmlns:nc="${NS}" message-id="1"><nc:data><m xmlns="urn:m"><data>1</data><data-x/></m></nc:data></nc:rpc-reply>`;
    expect(dataInner(xml)).toBe('<m xmlns="urn:m"><data>1</data><data-x/></m>');
  });

  it('parses the envelope without the data contents, which the platform codec parses once', async () => {
    // Not well-formed inside <data>: the envelope still reads; the codec that parses the data reports it.
    const inner = '<native xmlns="urn:n"><interface><open-only></interface></native>';
    const reply = await parseReply(`<rpc-reply message-id="4" xmlns="${NS}"><data>${inner}</data></rpc-reply>`);
    expect(reply).toMatchObject({ messageId: '4', data: inner, failed: false });
  });

  it('reads the derived IOS-XE get-config sample', async () => {
    const xml = readFileSync(`${SAMPLES}/iosxe-get-config-interface-reply.DERIVED.xml`, 'utf8');
    const reply = await parseReply(xml);
    expect(reply.data).toContain('<name>1/0/5</name>');
    expect(reply.data?.trim().startsWith('<native')).toBe(true);
  });

  it('marks a reply failed on an error but not on a warning alone', async () => {
    const err = (sev: string): string =>
      `<rpc-reply message-id="5" xmlns="${NS}"><rpc-error><error-type>rpc</error-type><error-tag>in-use</error-tag><error-severity>${sev}</error-severity></rpc-error></rpc-reply>`;
    expect((await parseReply(err('error'))).failed).toBe(true);
    expect((await parseReply(err('warning'))).failed).toBe(false);
  });

  it('finds the message-id without a full parse, with either quote style', () => {
    expect(replyMessageId(`<rpc-reply xmlns="${NS}"\n  message-id="17"><ok/></rpc-reply>`)).toBe('17');
    expect(replyMessageId(`<nc:rpc-reply message-id='urn:uuid:1' xmlns:nc="${NS}"/>`)).toBe('urn:uuid:1');
    expect(replyMessageId('<notification/>')).toBeUndefined();
  });

  it('refuses a message that is not an rpc-reply', async () => {
    await expect(parseReply('<notification/>')).rejects.toThrow(/not an <rpc-reply>/);
  });
});
