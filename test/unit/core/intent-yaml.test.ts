import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import { canonicalIntent, canonicalYaml, MAX_INTENT_BYTES, parseIntentYaml, rawIntent, serializeIntent } from '../../../src/core/intent-yaml.js';
import type { DeviceIntent } from '../../../src/core/types.js';
import { IOSXE_RULES } from '../../../src/adapters/platforms/iosxe/rules.js';

const EXAMPLE = new URL('../../../intent/devices/c9300.yaml', import.meta.url);

function problemsOf(text: string, file = 'devices/sw1.yaml'): string[] {
  try {
    parseIntentYaml(text, file, { rules: IOSXE_RULES });
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).problems;
  }
  throw new Error('expected a ValidationError');
}

const one = (body: string): string => `device: sw1\ninterfaces:\n  GigabitEthernet1/0/2: ${body}\n`;

describe('parseIntentYaml', () => {
  it('reads the demo intent into the model', () => {
    const intent = parseIntentYaml(readFileSync(EXAMPLE, 'utf8'), 'c9300.yaml', { expectDevice: 'c9300' });
    expect(intent.device).toBe('c9300');
    expect(intent.interfaces.map((i) => i.name)).toEqual([
      'GigabitEthernet1/0/1',
      'GigabitEthernet1/0/2',
      'GigabitEthernet1/0/3',
      'GigabitEthernet1/0/10',
      'Loopback0',
    ]);
    expect(intent.interfaces[1]).toEqual({
      name: 'GigabitEthernet1/0/2',
      description: 'Webhook function completed!',
      enabled: true,
      mtu: null,
      mode: 'access',
      accessVlan: 100,
      ticket: '1234',
      source: { netboxId: 3, lastUpdated: '2023-05-30T12:06:26.042767Z' },
    });
    expect(intent.interfaces[0]).toEqual({ name: 'GigabitEthernet1/0/1', source: { netboxId: 1, mgmtOnly: true } });
    expect(intent.interfaces[3]).toMatchObject({ mode: 'trunk', nativeVlan: 100, allowedVlans: [300, 400, 500], mtu: 2000 });
  });

  it('keeps absent fields unmanaged and null fields managed', () => {
    const [i] = parseIntentYaml(one('{ mtu: null }'), 'f').interfaces;
    expect(i).toEqual({ name: 'GigabitEthernet1/0/2', mtu: null });
    expect(i && 'description' in i).toBe(false);
  });

  it('reads a numeric ticket as a string and expands VLAN ranges', () => {
    const [i] = parseIntentYaml(one('{ mode: trunk, ticket: 42, allowed_vlans: [ 7, "10-12", 7 ] }'), 'f').interfaces;
    expect(i?.ticket).toBe('42');
    expect(i?.allowedVlans).toEqual([7, 10, 11, 12]);
  });

  it.each([
    ['mtu too small', one('{ mtu: 63 }'), 'devices/sw1.yaml: interfaces.GigabitEthernet1/0/2.mtu: must be >= 64'],
    ['mtu too big', one('{ mtu: 18001 }'), 'devices/sw1.yaml: interfaces.GigabitEthernet1/0/2.mtu: must be <= 18000'],
    ['vlan 0', one('{ mode: access, access_vlan: 0 }'), 'interfaces.GigabitEthernet1/0/2.access_vlan: must be a VLAN id 1-4094 or null'],
    ['vlan 4095', one('{ mode: trunk, native_vlan: 4095 }'), 'native_vlan: must be a VLAN id 1-4094 or null'],
    ['allowed vlan out of range', one('{ mode: trunk, allowed_vlans: [ 1, 5000 ] }'), "allowed_vlans: must be 'all', null, or a list"],
    ['allowed vlans as a word', one('{ mode: trunk, allowed_vlans: none }'), "allowed_vlans: must be 'all', null, or a list"],
    ['reversed range', one('{ mode: trunk, allowed_vlans: [ "20-10" ] }'), "bad VLAN range '20-10'"],
    ['description too long', one(`{ description: ${'x'.repeat(241)} }`), 'description: must NOT have more than 240 characters'],
    ['control character', one('{ description: "a\\tb" }'), 'description: must not contain control characters'],
    ['bad octet', one('{ mode: routed, ipv4: 10.0.0.256/24 }'), 'ipv4: must be a.b.c.d/len'],
    ['bad prefix length', one('{ mode: routed, ipv4: 10.0.0.1/33 }'), 'ipv4: must be a.b.c.d/len'],
    ['no prefix length', one('{ mode: routed, ipv4: 10.0.0.1 }'), 'ipv4: must be a.b.c.d/len'],
    ['bad ticket', one('{ ticket: "12 34" }'), 'ticket: must be letters, digits'],
    ['ticket ending in a dot', one('{ ticket: "12." }'), 'ticket: must be letters, digits'],
    ['ticket with ..', one('{ ticket: "1..2" }'), 'ticket: must be letters, digits'],
    ['ticket ending in .lock', one('{ ticket: x.lock }'), 'ticket: must be letters, digits'],
    ['ticket as a huge number', one('{ ticket: 1e30 }'), 'ticket: must be <= 9007199254740991'],
    ['bad mode', one('{ mode: hybrid }'), 'mode: must be one of access, trunk, routed'],
    ['unknown field', one('{ speed: 1000 }'), "interfaces.GigabitEthernet1/0/2: unknown field 'speed'"],
    ['enabled as a string', one('{ enabled: "yes" }'), 'enabled: must be boolean'],
    ['short interface name', 'device: sw1\ninterfaces:\n  Gi1/0/2: {}\n', 'interfaces.Gi1/0/2: not the canonical iosxe name (write GigabitEthernet1/0/2)'],
    ['lower-case interface name', 'device: sw1\ninterfaces:\n  gigabitethernet1/0/2: {}\n', 'interfaces.gigabitethernet1/0/2: not the canonical iosxe name (write GigabitEthernet1/0/2)'],
    ['interface name with a trailing space', 'device: sw1\ninterfaces:\n  "GigabitEthernet1/0/2 ": {}\n', 'not an interface name'],
    ['unknown interface type', 'device: sw1\ninterfaces:\n  FastEthernet0/1: {}\n', 'interfaces.FastEthernet0/1: not an interface name on iosxe'],
    ['device with a path', 'device: ../x\ninterfaces: {}\n', 'device: must be letters, digits'],
    ['missing interfaces', 'device: sw1\n', "(root): must have required property 'interfaces'"],
    ['top level a list', '- a\n', '(root): must be object'],
    ['duplicate interface', 'device: sw1\ninterfaces:\n  Loopback0: {}\n  Loopback0: {}\n', 'Map keys must be unique'],
    ['broken YAML', 'device: [sw1\n', 'devices/sw1.yaml: '],
    ['access vlan on a trunk', one('{ mode: trunk, access_vlan: 10 }'), 'access_vlan: only allowed with mode: access (mode is trunk)'],
    ['access vlan without a mode', one('{ access_vlan: 10 }'), 'access_vlan: only allowed with mode: access (mode is unmanaged)'],
    ['trunk fields in access mode', one('{ mode: access, native_vlan: 10 }'), 'native_vlan: only allowed with mode: trunk'],
    ['allowed vlans in routed mode', one('{ mode: routed, allowed_vlans: all }'), 'allowed_vlans: only allowed with mode: trunk'],
    ['ipv4 on a switchport', one('{ mode: access, ipv4: 10.0.0.1/24 }'), 'ipv4: only allowed with mode: routed'],
    ['ticket tag in the description', one('{ description: "up ##ticket:12##" }'), 'description: must not contain the ##ticket:N## tag'],
    ['description too long with its ticket tag', one(`{ description: ${'x'.repeat(200)}, ticket: "${'T'.repeat(64)}" }`), 'description: with its ticket tag it is 276 characters; iosxe allows 200'],
    ['a port number with a leading zero', 'device: sw1\ninterfaces:\n  GigabitEthernet1/0/02: {}\n', 'interfaces.GigabitEthernet1/0/02: not an interface name on iosxe'],
    ['a slot with a leading zero in short form', 'device: sw1\ninterfaces:\n  Gi01/0/1: {}\n', 'leading zeros'],
    ['description of 201 characters with its ticket tag', one(`{ description: ${'x'.repeat(188)}, ticket: "1" }`), 'description: with its ticket tag it is 201 characters; iosxe allows 200'],
    ['switchport mode on a FiftyGigabitEthernet port', 'device: sw1\ninterfaces:\n  FiftyGigabitEthernet1/0/49: { mode: trunk }\n', 'FiftyGigabitEthernet interfaces cannot be in trunk mode on iosxe'],
    ['switchport mode on a FourHundredGigE port', 'device: sw1\ninterfaces:\n  FourHundredGigE1/0/1: { mode: access }\n', 'FourHundredGigE interfaces cannot be in access mode on iosxe'],
    ['switchport mode on a loopback', 'device: sw1\ninterfaces:\n  Loopback0: { mode: access }\n', 'Loopback interfaces cannot be in access mode on iosxe'],
  ])('rejects %s with the file, field path and reason', (_name, text, expected) => {
    const problems = problemsOf(text);
    expect(problems.join('\n')).toContain(expected);
    expect(problems.every((p) => p.startsWith('devices/sw1.yaml: '))).toBe(true);
  });

  it('accepts a description of exactly 200 characters with its ticket tag on IOS-XE', () => {
    const intent = parseIntentYaml(one(`{ description: ${'x'.repeat(186)}, ticket: "12" }`), 'f', { rules: IOSXE_RULES });
    expect(`${intent.interfaces[0]?.description ?? ''} ##ticket:12##`).toHaveLength(200);
  });

  it('accepts the IOS-XE types that are switchports or layer 3 only, at any depth', () => {
    const text = ['device: sw1', 'interfaces:', '  TwoGigabitEthernet1/0/1: { mode: access }', '  FiveGigabitEthernet1/0/2: { mode: trunk }',
      '  Tunnel10: { mode: routed }', '  BDI20: { mode: routed }', '  GigabitEthernet0/1/0/0/3: {}', ''].join('\n');
    expect(parseIntentYaml(text, 'f', { rules: IOSXE_RULES }).interfaces.map((i) => i.name)).toHaveLength(5);
  });

  it('leaves platform rules out without a platform: any platform\'s names pass, the file\'s own rules still hold', () => {
    expect(() => parseIntentYaml('device: sw1\ninterfaces:\n  Ethernet1: { mode: access }\n', 'f')).not.toThrow();
    expect(() => parseIntentYaml('device: sw1\ninterfaces:\n  Ethernet1: { mode: routed, access_vlan: 3 }\n', 'f')).toThrow(ValidationError);
  });

  it('accepts null for mode-specific fields in any mode', () => {
    expect(() => parseIntentYaml(one('{ mode: trunk, access_vlan: null, ipv4: null }'), 'f')).not.toThrow();
  });

  it('rejects a device name that does not match the file name', () => {
    expect(() => parseIntentYaml('device: sw2\ninterfaces: {}\n', 'devices/sw1.yaml', { expectDevice: 'sw1' })).toThrow(
      /invalid intent/,
    );
  });

  it('rejects an alias bomb without expanding it', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const problems = problemsOf(lines.join('\n') + '\n');
    expect(problems.join('\n')).toMatch(/alias/i);
  });

  it('rejects a file larger than the size cap', () => {
    const text = `device: sw1\ninterfaces: {}\n#${'x'.repeat(MAX_INTENT_BYTES)}\n`;
    expect(problemsOf(text)[0]).toContain('larger than');
  });
});

describe('serializeIntent', () => {
  const messy: DeviceIntent = {
    device: 'sw1',
    interfaces: [
      { name: 'Loopback0', mode: 'routed', ipv4: '10.0.255.1/32' },
      { name: 'GigabitEthernet1/0/10', allowedVlans: [500, 300, 400, 300, 10, 11, 12], mode: 'trunk', nativeVlan: 100 },
      { name: 'GigabitEthernet1/0/2', source: { lastUpdated: '2023-05-30T12:06:26Z', netboxId: 3 }, ticket: '1234', description: 'a: b # c', mtu: null },
      { name: 'Vlan100' },
    ],
  };

  it('writes fixed key order, natural interface order and sorted VLANs', () => {
    expect(serializeIntent(messy)).toBe(
      [
        'device: sw1',
        'interfaces:',
        '  GigabitEthernet1/0/2:',
        '    description: "a: b # c"',
        '    mtu: null',
        '    ticket: "1234"',
        '    netbox: { id: 3, last_updated: "2023-05-30T12:06:26Z" }',
        '  GigabitEthernet1/0/10:',
        '    mode: trunk',
        '    native_vlan: 100',
        '    allowed_vlans: [ "10-12", 300, 400, 500 ]',
        '  Loopback0:',
        '    mode: routed',
        '    ipv4: 10.0.255.1/32',
        '  Vlan100: {}',
        '',
      ].join('\n'),
    );
  });

  it('is byte-identical on repeat and round-trips through the parser', () => {
    const text = serializeIntent(messy);
    const back = parseIntentYaml(text, 'f');
    expect(serializeIntent(back)).toBe(text);
    expect(back.interfaces.find((i) => i.name === 'GigabitEthernet1/0/10')?.allowedVlans).toEqual([10, 11, 12, 300, 400, 500]);
  });

  it('keeps the demo intent file canonical', () => {
    const text = readFileSync(EXAMPLE, 'utf8');
    expect(serializeIntent(parseIntentYaml(text, 'c9300.yaml'))).toBe(text);
  });

  it('quotes strings that would otherwise read back as another type', () => {
    const intent: DeviceIntent = { device: 'sw1', interfaces: [{ name: 'Vlan1', description: 'true', ticket: '007' }] };
    const back = parseIntentYaml(serializeIntent(intent), 'f');
    expect(back.interfaces[0]).toEqual({ name: 'Vlan1', description: 'true', ticket: '007' });
  });
});

describe('canonicalIntent (the write path, without a YAML round trip)', () => {
  const cases: DeviceIntent[] = [
    {
      device: 'sw1',
      interfaces: [
        { name: 'Loopback0', mode: 'routed', ipv4: '10.0.255.1/32' },
        { name: 'GigabitEthernet1/0/10', allowedVlans: [500, 300, 400, 300, 10, 11, 12], mode: 'trunk', nativeVlan: 100 },
        { name: 'GigabitEthernet1/0/2', source: { lastUpdated: '2023-05-30T12:06:26Z', netboxId: 3, adopted: true }, ticket: '1234', description: 'a: b # c', mtu: null },
        { name: 'Vlan1', description: 'true', ticket: '007', enabled: false },
        { name: 'GigabitEthernet1/0/3', allowedVlans: 'all', mode: 'trunk', description: '  spaced  "quoted" \\ ünïcode' },
        { name: 'Vlan100' },
      ],
    },
    { device: 'sw2', interfaces: [] },
  ];

  it.each(cases.map((c) => [c.device, c] as const))('gives %s exactly what parsing its canonical file gives', (_d, intent) => {
    expect(canonicalIntent(intent, 'f', { expectDevice: intent.device })).toEqual(parseIntentYaml(serializeIntent(intent), 'f', { expectDevice: intent.device }));
  });

  it.each(cases.map((c) => [c.device, c] as const))('serializes %s block by block exactly as the whole document', (_d, intent) => {
    const whole = canonicalYaml(rawIntent(intent));
    expect(serializeIntent(intent)).toBe(whole);
    // Again, now from cached blocks; and after one interface changed (one block new, the rest cached).
    expect(serializeIntent(intent)).toBe(whole);
    const changed = { ...intent, interfaces: intent.interfaces.map((i, k) => (k === 0 ? { ...i, description: 'changed: "once"' } : i)) };
    expect(serializeIntent(changed)).toBe(canonicalYaml(rawIntent(changed)));
  });

  it('serializes random intents block by block exactly as the whole document', () => {
    let seed = 7;
    const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const words = ['', 'uplink', 'a: b', '#x', '- y', 'yes', '1.5', '2026-01-01', '  pad ', '"q"', "it's", 'ü', '{x}', '[1]', '&a', '*b', '!t', '%p', '@x', '`t', '|', '>', 'null', '~'];
    for (let round = 0; round < 200; round++) {
      const interfaces = Array.from({ length: rnd(6) }, (_, k) => ({
        name: `GigabitEthernet1/0/${k + 1 + rnd(40)}`,
        ...(rnd(2) ? { description: `${words[rnd(words.length)] as string}${rnd(2) ? (words[rnd(words.length)] as string) : ''}` } : {}),
        ...(rnd(2) ? { mtu: rnd(2) ? 1500 + rnd(7000) : null } : {}),
        ...(rnd(2) ? { enabled: rnd(2) === 1 } : {}),
        ...(rnd(3) === 0 ? { mode: 'trunk' as const, allowedVlans: rnd(2) ? ('all' as const) : [rnd(4000) + 1, rnd(4000) + 1, 10, 11, 12] } : {}),
        ...(rnd(3) === 0 ? { ticket: String(rnd(99999)) } : {}),
        ...(rnd(2) ? { source: { netboxId: rnd(999), lastUpdated: '2023-05-30T12:06:26.123Z' } } : {}),
      }));
      const unique = interfaces.filter((i, k) => interfaces.findIndex((j) => j.name === i.name) === k);
      const intent: DeviceIntent = { device: `sw${rnd(9)}`, interfaces: unique };
      expect(serializeIntent(intent)).toBe(canonicalYaml(rawIntent(intent)));
    }
  });

  it('refuses what a file would be refused for', () => {
    const bad: DeviceIntent = { device: 'sw1', interfaces: [{ name: 'GigabitEthernet1/0/2', mtu: 70000 }] };
    expect(() => canonicalIntent(bad, 'f')).toThrow(/invalid intent/);
    expect(() => canonicalIntent({ device: 'sw1', interfaces: [] }, 'f', { expectDevice: 'sw9' })).toThrow(/invalid intent/);
  });
});

