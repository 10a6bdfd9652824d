import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NetconfRpcError } from '../../../../src/adapters/netconf/errors.js';
import { BUSY_TAGS, parseRpcErrors, type RpcErrorInfo } from '../../../../src/adapters/netconf/rpc-error.js';

import { SAMPLES } from '../../../harness/shared-samples.js';

const YUMA_LOCK_DENIED = `<?xml version="1.0" encoding="UTF-8"?>
<nc:rpc-reply xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="4"
  last-modified="2026-11-27T10:00:00Z" xmlns:ncx="http://netconfcentral.org/ns/yuma-ncx"
  xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">
  <nc:rpc-error>
    <nc:error-type>protocol</nc:error-type>
    <nc:error-tag>lock-denied</nc:error-tag>
    <nc:error-severity>error</nc:error-severity>
    <nc:error-app-tag>no-access</nc:error-app-tag>
    <nc:error-message xml:lang="en">
      lock denied
    </nc:error-message>
    <nc:error-info>
      <nc:session-id>5</nc:session-id>
      <error-number>268</error-number>
    </nc:error-info>
  </nc:rpc-error>
</nc:rpc-reply>`;

function info(tag: string, severity = 'error'): RpcErrorInfo {
  return { type: 'protocol', tag, severity, info: {} };
}

describe('rpc-error parsing', () => {
  it('reads the IOS-XE invalid-value sample with its cisco-ia error-info', async () => {
    const xml = readFileSync(`${SAMPLES}/iosxe-rpc-error-invalid-value.genielibs.xml`, 'utf8');
    const [err, ...rest] = await parseRpcErrors(xml);
    expect(rest).toEqual([]);
    expect(err).toEqual({
      type: 'application',
      tag: 'invalid-value',
      severity: 'error',
      message: 'inconsistent value: Device refused one or more commands',
      info: {
        severity: 'error_cli',
        'bad-command': 'router bgp 0; bgp router-id 30.30.30.3',
        'error-location': '11; 0',
        'parser-response': '',
        'parser-context': 'router bgp 0; router bgp 0\n      bgp router-id 30.30.30.3',
      },
    });
  });

  it('reads a yuma lock-denied reply with prefixes, extra attributes and the holder session-id', async () => {
    expect(await parseRpcErrors(YUMA_LOCK_DENIED)).toEqual([
      {
        type: 'protocol',
        tag: 'lock-denied',
        severity: 'error',
        appTag: 'no-access',
        message: 'lock denied',
        info: { 'session-id': '5', 'error-number': '268' },
      },
    ]);
  });

  it('returns no errors for an ok reply', async () => {
    expect(await parseRpcErrors(`<rpc-reply message-id="1" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><ok/></rpc-reply>`)).toEqual([]);
  });

  it('reads several rpc-errors with a path, in order', async () => {
    const xml = `<rpc-reply message-id="2" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">
      <rpc-error><error-type>application</error-type><error-tag>data-missing</error-tag><error-severity>error</error-severity>
        <error-path>/native/interface</error-path></rpc-error>
      <rpc-error><error-type>application</error-type><error-tag>unknown-element</error-tag><error-severity>warning</error-severity></rpc-error>
    </rpc-reply>`;
    const errors = await parseRpcErrors(xml);
    expect(errors.map((e) => [e.tag, e.severity, e.path])).toEqual([
      ['data-missing', 'error', '/native/interface'],
      ['unknown-element', 'warning', undefined],
    ]);
  });
});

describe('busy versus rejected classification', () => {
  it('treats in-use, lock-denied and resource-denied as busy', () => {
    expect([...BUSY_TAGS].sort()).toEqual(['in-use', 'lock-denied', 'resource-denied']);
  });

  it.each(['in-use', 'lock-denied', 'resource-denied'])('classifies %s as DeviceBusy, retryable', (tag) => {
    const err = new NetconfRpcError('lock', [info(tag)]);
    expect([err.reason, err.retryable]).toEqual(['DeviceBusy', true]);
  });

  it.each(['invalid-value', 'bad-element', 'unknown-element', 'access-denied', 'operation-not-supported', 'data-missing'])(
    'classifies %s as DeviceRejected, not retryable',
    (tag) => {
      const err = new NetconfRpcError('edit-config', [info(tag)]);
      expect([err.reason, err.retryable]).toEqual(['DeviceRejected', false]);
    },
  );

  it('is rejected when a busy error comes with a rejecting one', () => {
    expect(new NetconfRpcError('edit-config', [info('in-use'), info('invalid-value')]).reason).toBe('DeviceRejected');
  });

  it('ignores warnings when classifying and names the operation and errors in the message', () => {
    const err = new NetconfRpcError('lock', [info('lock-denied'), info('invalid-value', 'warning')]);
    expect(err.reason).toBe('DeviceBusy');
    expect(err.message).toBe('lock failed: protocol/lock-denied');
    expect(err.operation).toBe('lock');
    expect(err.errors).toHaveLength(2);
  });
});
