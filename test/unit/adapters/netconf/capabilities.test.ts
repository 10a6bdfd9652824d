import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCapabilities } from '../../../../src/adapters/netconf/capabilities.js';
import { parseServerHello } from '../../../../src/adapters/netconf/hello.js';

import { SAMPLES } from '../../../harness/shared-samples.js';

async function sampleCapabilities(file: string): Promise<ReturnType<typeof parseCapabilities>> {
  // The samples carry no session-id; add one so they read as a server hello.
  const xml = readFileSync(`${SAMPLES}/${file}`, 'utf8').replace('</hello>', '<session-id>42</session-id></hello>');
  const hello = await parseServerHello(xml);
  expect(hello.sessionId).toBe(42);
  return parseCapabilities(hello.uris);
}

describe('capabilities', () => {
  it('reads the IOS-XE 17.12.1 hello: candidate offered, no confirmed-commit', async () => {
    const caps = await sampleCapabilities('iosxe-17.12.1-cat9300-hello-capabilities.yangmodels.xml');
    expect(caps).toMatchObject({
      base11: true,
      candidate: true,
      confirmedCommit: false,
      validate: true,
      rollbackOnError: true,
      writableRunning: true,
      startup: false,
    });
    expect(caps.uris).toHaveLength(332);
    expect(caps.modules.get('ietf-interfaces')).toEqual({ namespace: 'urn:ietf:params:xml:ns:yang:ietf-interfaces', revision: '2014-05-08' });
    expect(caps.has('urn:ietf:params:netconf:capability:with-defaults:1.0')).toBe(true);
    // A capability written over several indented lines is trimmed.
    expect(caps.uris).toContain('urn:ietf:params:netconf:capability:notification:1.1');
  });

  it('reads the IOS-XE 17.18.1 hello: cisco-ia listed, YANG 1.1 native module left to yang-library', async () => {
    const caps = await sampleCapabilities('iosxe-17.18.1-cat9k-hello-capabilities.yangmodels.xml');
    expect([caps.base11, caps.candidate, caps.confirmedCommit, caps.writableRunning]).toEqual([true, true, false, true]);
    expect(caps.modules.get('cisco-ia')).toEqual({ namespace: 'http://cisco.com/yang/cisco-ia', revision: '2024-07-01' });
    expect(caps.modules.has('Cisco-IOS-XE-native')).toBe(false);
  });

  it('recognises a yuma candidate server with confirmed-commit 1.1 and no base 1.1', () => {
    const caps = parseCapabilities([
      'urn:ietf:params:netconf:base:1.0',
      'urn:ietf:params:netconf:capability:candidate:1.0',
      'urn:ietf:params:netconf:capability:confirmed-commit:1.1',
      'urn:ietf:params:netconf:capability:startup:1.0',
    ]);
    expect(caps).toMatchObject({ base11: false, candidate: true, confirmedCommit: true, startup: true, writableRunning: false, validate: false });
    expect(caps.modules.size).toBe(0);
  });

  it('does not take a longer URI for a capability it only starts with', () => {
    const caps = parseCapabilities(['urn:ietf:params:netconf:capability:candidate:1.0-draft']);
    expect(caps.candidate).toBe(false);
    expect(caps.has('urn:ietf:params:netconf:capability:candidate')).toBe(true);
  });
});

describe('server hello', () => {
  it('refuses a hello without a session-id', async () => {
    await expect(
      parseServerHello('<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities><capability>urn:ietf:params:netconf:base:1.0</capability></capabilities></hello>'),
    ).rejects.toThrow(/session-id/);
  });

  it('refuses a first message that is not a hello', async () => {
    await expect(parseServerHello('<rpc-reply/>')).rejects.toThrow(/not a <hello>/);
  });
});
