// Issue 7: the fault-injection suite. Groups run one after another (each with its own device, emulators
// and daemon) so the suite stays bounded on a small machine; the last line it prints is
// `faults: N passed, M failed`.
import { describeNetconfd } from '../../harness/netconfd.js';
import { badInputFaults } from './bad-inputs.js';
import { daemonKillFaults } from './daemon-kill.js';
import { deviceFaults } from './device-faults.js';
import { serviceFaults } from './service-faults.js';
import { printSummaryAtEnd } from './tally.js';

describeNetconfd('fault suite', () => {
  printSummaryAtEnd();
  deviceFaults();
  serviceFaults();
  badInputFaults();
  daemonKillFaults();
});
