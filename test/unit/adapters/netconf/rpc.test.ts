import { describe, expect, it } from 'vitest';
import {
  cancelCommitBody, closeSessionBody, commitBody, discardChangesBody, editConfigBody, escapeXml, getBody, getConfigBody,
  lockBody, saveConfigBody, syncFromBody, unlockBody, validateBody, wrapRpc,
} from '../../../../src/adapters/netconf/rpc.js';

const NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const GI2 = '<native xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-native"><interface><GigabitEthernet><name>1/0/2</name></GigabitEthernet></interface></native>';

describe('rpc builders', () => {
  it('escapes the five XML special characters', () => {
    expect(escapeXml(`a & b < c > d " e ' f`)).toBe('a &amp; b &lt; c &gt; d &quot; e &apos; f');
  });

  it('keeps a description that looks like markup as text inside the edit', () => {
    const description = '</description><shutdown/>';
    const config = `<native><interface><GigabitEthernet><name>1/0/2</name><description>${escapeXml(description)}</description></GigabitEthernet></interface></native>`;
    expect(editConfigBody({ target: 'running', config })).toBe(
      `<edit-config><target><running/></target><config xmlns="${NS}"><native><interface><GigabitEthernet><name>1/0/2</name>` +
        '<description>&lt;/description&gt;&lt;shutdown/&gt;</description></GigabitEthernet></interface></native></config></edit-config>',
    );
  });

  it('wraps a body in rpc with the message-id and base namespace', () => {
    expect(wrapRpc('7', '<get/>')).toBe(`<rpc message-id="7" xmlns="${NS}"><get/></rpc>`);
  });

  it('builds get-config with and without a subtree filter', () => {
    expect(getConfigBody({ source: 'running' })).toBe('<get-config><source><running/></source></get-config>');
    expect(getConfigBody({ source: 'candidate', filter: GI2 })).toBe(
      `<get-config><source><candidate/></source><filter type="subtree">${GI2}</filter></get-config>`,
    );
  });

  it('builds get with an optional filter', () => {
    expect(getBody({})).toBe('<get></get>');
    expect(getBody({ filter: '<x/>' })).toBe('<get><filter type="subtree"><x/></filter></get>');
  });

  it('builds edit-config with its options in RFC 6241 order', () => {
    expect(
      editConfigBody({ target: 'candidate', config: '<a/>', defaultOperation: 'none', errorOption: 'rollback-on-error', testOption: 'test-then-set' }),
    ).toBe(
      '<edit-config><target><candidate/></target><default-operation>none</default-operation>' +
        '<test-option>test-then-set</test-option><error-option>rollback-on-error</error-option>' +
        `<config xmlns="${NS}"><a/></config></edit-config>`,
    );
  });

  it('builds lock, unlock, discard-changes, validate and close-session', () => {
    expect(lockBody('running')).toBe('<lock><target><running/></target></lock>');
    expect(unlockBody('candidate')).toBe('<unlock><target><candidate/></target></unlock>');
    expect(discardChangesBody()).toBe('<discard-changes/>');
    expect(validateBody('candidate')).toBe('<validate><source><candidate/></source></validate>');
    expect(closeSessionBody()).toBe('<close-session/>');
  });

  it('builds plain and confirmed commits', () => {
    expect(commitBody()).toBe('<commit/>');
    expect(commitBody({ confirmed: true, confirmTimeoutSec: 120, persist: 'a&b' })).toBe(
      '<commit><confirmed/><confirm-timeout>120</confirm-timeout><persist>a&amp;b</persist></commit>',
    );
    expect(commitBody({ persistId: 'p1' })).toBe('<commit><persist-id>p1</persist-id></commit>');
  });

  it('builds cancel-commit with an optional persist-id', () => {
    expect(cancelCommitBody()).toBe('<cancel-commit/>');
    expect(cancelCommitBody({ persistId: '<x>' })).toBe('<cancel-commit><persist-id>&lt;x&gt;</persist-id></cancel-commit>');
  });

  it('builds the cisco-ia save-config and sync-from RPCs', () => {
    expect(saveConfigBody()).toBe('<save-config xmlns="http://cisco.com/yang/cisco-ia"/>');
    expect(syncFromBody()).toBe('<sync-from xmlns="http://cisco.com/yang/cisco-ia"/>');
  });
});
