import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../src/core/errors.js';
import { parseWebhook, type WebhookEvent } from '../../../../src/adapters/netbox/mapping.js';
import { netboxFixture } from '../../../harness/netbox-fixtures.js';

describe('parseWebhook over the real sample payloads', () => {
  it.each<[string, Partial<WebhookEvent>]>([
    [
      'netbox-v3.5-webhook-interface-updated.json',
      { event: 'updated', objectType: 'dcim.interface', deviceName: 'c9300', deviceId: 1, interfaceId: 11, timestamp: '2023-05-25T19:56:18.518640+00:00' },
    ],
    [
      'netbox-v3.5-webhook-interface-with-ticket.json',
      { objectType: 'dcim.interface', deviceName: 'c9300', interfaceId: 3, requestId: 'a44aecb7-48c1-4159-856a-982d272cc522' },
    ],
    ['netbox-v3.5-webhook-interface-ticket-cleared.json', { deviceName: 'c9300', requestId: 'be883dcf-d66d-4df7-b5c7-69e7cb5465cd' }],
    [
      'netbox-v4.6-webhook-interface-updated.DERIVED.json',
      { objectType: 'dcim.interface', deviceName: 'c9300', interfaceId: 3, timestamp: '2023-05-30T12:06:26.073235+00:00' },
    ],
    ['netbox-v4.6-webhook-site-created.json', { event: 'created', objectType: 'dcim.site', deviceName: null, interfaceId: null }],
  ])('parses %s', (file, expected) => {
    expect(parseWebhook(netboxFixture(file))).toMatchObject(expected);
  });

  it('prefers the 4.6 request.id over the deprecated request_id', () => {
    const body = netboxFixture('netbox-v4.6-webhook-interface-updated.DERIVED.json');
    body.request_id = 'old';
    expect(parseWebhook(body).requestId).toBe('a44aecb7-48c1-4159-856a-982d272cc522');
  });

  it('accepts a 4.7 body without username and request_id', () => {
    const body = netboxFixture('netbox-v4.6-webhook-interface-updated.DERIVED.json');
    delete body.username;
    delete body.request_id;
    expect(parseWebhook(body)).toMatchObject({ deviceName: 'c9300', requestId: 'a44aecb7-48c1-4159-856a-982d272cc522' });
  });

  it('reads a device event by the device name', () => {
    const e = parseWebhook({ event: 'updated', object_type: 'dcim.device', data: { id: 1, name: 'c9300' } });
    expect(e).toMatchObject({ objectType: 'dcim.device', deviceName: 'c9300', deviceId: 1, interfaceId: null });
  });

  it('finds the device of an IP address assigned to an interface', () => {
    const e = parseWebhook({
      event: 'created',
      model: 'ipaddress',
      data: { id: 5, assigned_object_type: 'dcim.interface', assigned_object: { id: 3, device: { id: 1, name: 'c9300' } } },
    });
    expect(e).toMatchObject({ objectType: 'ipam.ipaddress', deviceName: 'c9300', interfaceId: 3 });
  });

  it.each<[string, unknown]>([
    ['an array', []],
    ['no event', { model: 'interface', data: {} }],
    ['no data', { event: 'updated', model: 'interface' }],
    ['neither model nor object_type', { event: 'updated', data: {} }],
  ])('rejects %s', (_label, body) => {
    expect(() => parseWebhook(body)).toThrow(ValidationError);
  });
});
