import { describe, expect, it } from 'vitest';
import { BASE_10, BASE_11, parseCapabilities } from '../../../../src/adapters/netconf/capabilities.js';
import { isYumaServer, needsReadyProbe } from '../../../../src/adapters/netconf/ready-probe.js';
import { SIM_CAPABILITIES } from '../../../../src/lab/sim-device/capabilities.js';

const NETCONFD_HELLO = parseCapabilities([
  BASE_10, BASE_11, 'urn:ietf:params:netconf:capability:writable-running:1.0',
  'urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring?module=ietf-netconf-monitoring&revision=2010-10-04',
  'http://netconfcentral.org/ns/yuma-ncx?module=yuma-ncx&revision=2012-01-13',
  'http://yuma123.org/ns/yuma123-system?module=yuma123-system&revision=2017-03-26',
]);
const IOSXE_HELLO = parseCapabilities([...SIM_CAPABILITIES]);

describe('ready probe decision', () => {
  it('recognises yuma123 netconfd by the modules its hello advertises', () => {
    expect(isYumaServer(NETCONFD_HELLO)).toBe(true);
    expect(isYumaServer(parseCapabilities([BASE_11, 'http://yuma123.org/ns/yuma123-netconf-types?module=yuma123-netconf-types']))).toBe(true);
    expect(isYumaServer(IOSXE_HELLO)).toBe(false);
  });

  it('probes in auto mode only the servers that need it; always and never override the hello', () => {
    expect(needsReadyProbe('auto', NETCONFD_HELLO)).toBe(true);
    expect(needsReadyProbe(undefined, IOSXE_HELLO)).toBe(false);
    expect(needsReadyProbe('always', IOSXE_HELLO)).toBe(true);
    expect(needsReadyProbe(true, IOSXE_HELLO)).toBe(true);
    expect(needsReadyProbe('never', NETCONFD_HELLO)).toBe(false);
    expect(needsReadyProbe(false, NETCONFD_HELLO)).toBe(false);
  });
});
