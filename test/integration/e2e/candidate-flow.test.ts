// The same ticket flow against a device that offers :candidate and :confirmed-commit: the daemon edits the
// candidate, commits with a confirm timeout, verifies running, confirms, and records that in the audit commit.
import { expect, it } from 'vitest';
import { describeNetconfd } from '../../harness/netconfd.js';
import { type DaemonUnderTest } from './daemon-under-test.js';
import { DEVICE, type LabStack } from './lab-stack.js';
import { commits, DeviceProbe, waitFor } from './probes.js';
import { useRunningStack } from './running-stack.js';

const GI2 = 'GigabitEthernet1/0/2';

describeNetconfd('e2e: NetBox ticket → candidate datastore with confirmed commit', () => {
  let stack: LabStack;
  let dut: DaemonUnderTest;
  let probe: DeviceProbe;
  // A short confirm timeout: had intentd not confirmed, netconfd would roll the change back within seconds.
  useRunningStack((s) => ({ stack, dut, probe } = s), { target: 'candidate', daemon: { confirmTimeoutSec: 2 } });

  it('applies through the candidate with a confirmed commit, verifies running and audits it', async () => {
    stack.netbox.updateInterface(DEVICE, GI2, { description: 'Candidate path', ticket: '5150' });
    await waitFor('the description in running', async () => (await probe.leaf('1/0/2', ['description'])) === 'Candidate path ##ticket:5150##');
    await dut.daemon.idle();
    const audit = (await commits(stack.repo)).find((c) => c.subject.startsWith(`apply(${DEVICE}):`) && /^Change-Ticket: 5150$/m.test(c.body));
    expect(audit, dut.tail()).toBeDefined();
    expect(audit?.body).toContain('candidate datastore, confirmed commit');
    expect(audit?.body).toMatch(/^NETCONF-Datastore: candidate$/m);
    // Still there well after the 2 s confirm timeout (netconfd's timers fire after 1–2 s without traffic).
    await new Promise((r) => setTimeout(r, 5000));
    expect(await probe.leaf('1/0/2', ['description'])).toBe('Candidate path ##ticket:5150##');
  });
});
