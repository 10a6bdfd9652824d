import { describe, expect, it } from 'vitest';
import { IOSXE_RULES } from '../../../../src/adapters/platforms/iosxe/rules.js';
import { IOSXE_PLATFORM } from '../../../../src/adapters/platforms/iosxe/platform.js';
import { PlatformRegistry } from '../../../../src/adapters/platforms/registry.js';
import { parseConfig } from '../../../../src/config/load.js';
import { ConfigError } from '../../../../src/core/errors.js';
import { PlatformUnsupportedError } from '../../../../src/core/platform-rules.js';
import { silentLogger } from '../../../../src/log.js';

const config = (yaml: string) => parseConfig(yaml, 'test.yaml', { env: {} });
const registry = (yaml: string) => new PlatformRegistry({ config: config(yaml), logger: silentLogger(), modules: { iosxe: IOSXE_PLATFORM } });

describe('platform of a device', () => {
  const yaml = [
    'devices:',
    '  defaults: { platform: iosxe }',
    '  overrides:',
    '    leaf1: { platform: openconfig }',
    '    edge1: { platform: iosxe }',
    'netbox:',
    '  platformMap: { eos-custom: openconfig }',
  ].join('\n');

  it.each<[string, string, string | null, string]>([
    ['the override, whatever NetBox says', 'leaf1', 'cisco-ios-xe', 'openconfig'],
    ['the override even over a mapped slug', 'edge1', 'arista-eos', 'iosxe'],
    ['NetBox slug cisco-ios-xe through the default map', 'sw1', 'cisco-ios-xe', 'iosxe'],
    ['NetBox slug ios-xe through the default map', 'sw1', 'ios-xe', 'iosxe'],
    ['NetBox slug arista-eos through the default map', 'sw1', 'arista-eos', 'openconfig'],
    ['a slug added by netbox.platformMap', 'sw1', 'eos-custom', 'openconfig'],
    ['the default for a slug the map does not know', 'sw1', 'juniper-junos', 'iosxe'],
    ['the default when NetBox names no platform', 'sw1', null, 'iosxe'],
  ])('is %s', (_case, device, slug, expected) => {
    expect(registry(yaml).platformOf(device, slug)).toBe(expected);
  });

  it('follows devices.defaults.platform', () => {
    expect(registry('devices:\n  defaults: { platform: openconfig }\n').platformOf('sw1', null)).toBe('openconfig');
  });

  it('hands out the rules of the chosen platform', () => {
    expect(registry('').rules('iosxe')).toBe(IOSXE_RULES);
  });

  it('fails terminally for a platform with no registered driver, naming the ones there are', () => {
    const r = registry('devices:\n  overrides:\n    leaf1: { platform: openconfig }\n');
    const err = (() => {
      try {
        r.rules(r.platformOf('leaf1', null));
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(PlatformUnsupportedError);
    expect(err).toMatchObject({ reason: 'PlatformUnsupported', retryable: false, message: "platform 'openconfig' has no registered driver (registered: iosxe)" });
    expect(() => r.driver('openconfig')).toThrow(PlatformUnsupportedError);
  });

  it.each([
    ['devices.defaults.platform', 'devices:\n  defaults: { platform: junos }\n', '/devices/defaults/platform'],
    ['devices.overrides.<d>.platform', 'devices:\n  overrides:\n    sw1: { platform: nxos }\n', '/devices/overrides/sw1/platform'],
    ['a netbox.platformMap value', 'netbox:\n  platformMap: { juniper-junos: junos }\n', '/netbox/platformMap/juniper-junos'],
  ])('refuses an unknown platform in %s as a config error', (_case, yaml, path) => {
    const err = (() => {
      try {
        config(yaml);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems.join('\n')).toContain(path);
  });

  it('defaults netbox.platformMap to the IOS-XE and EOS slugs', () => {
    expect(config('').netbox.platformMap).toEqual({ 'cisco-ios-xe': 'iosxe', 'ios-xe': 'iosxe', 'arista-eos': 'openconfig' });
  });
});
