import { describe, expect, it } from 'vitest';
import { parseOcHostname, parseOcSerials } from '../../../../../src/adapters/platforms/openconfig/identity.js';
import { identityProblems } from '../../../../../src/adapters/platforms/session-identity-check.js';

describe('OpenConfig device identity', () => {
  it('reads the hostname from openconfig-system and the serials from openconfig-platform components', async () => {
    expect(await parseOcHostname('<system xmlns="http://openconfig.net/yang/system"><config><hostname> eos1 </hostname></config></system>')).toEqual({ hostname: 'eos1', serials: [] });
    expect(await parseOcHostname('')).toEqual({ hostname: null, serials: [] });
    const components = '<components xmlns="http://openconfig.net/yang/platform"><component><name>Chassis</name><state><serial-no>JPE123</serial-no></state></component>' +
      '<component><name>Fan1</name><state/></component></components>';
    expect(await parseOcSerials(components)).toEqual(['JPE123']);
  });

  it('ignores a hostname in another namespace', async () => {
    expect(await parseOcHostname('<system xmlns="urn:other"><config><hostname>eos1</hostname></config></system>')).toEqual({ hostname: null, serials: [] });
  });

  it('names what differs', () => {
    expect(identityProblems({ name: 'eos1.example.net', serial: 'JPE123' }, { hostname: 'EOS1', serials: ['jpe123'] })).toEqual([]);
    expect(identityProblems({ name: 'eos1', serial: 'JPE123' }, { hostname: 'eos2', serials: [] })).toHaveLength(2);
  });
});
