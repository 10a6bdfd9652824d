import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { runDemo } from '../lab/demo.js';
import { Lab } from '../lab/lab.js';
import { reportCliError } from './common.js';

/** `intentd lab` and `intentd demo`. */
export function registerLab(program: Command): void {
  program
    .command('lab')
    .description('start the NetBox emulator, simulated IOS-XE and OpenConfig devices and a Webex emulator, and write a config for `intentd run`')
    .option('--devices <n>', 'number of simulated IOS-XE switches (c9300, c9300-2, …)', '1')
    .option('--openconfig <m>', 'number of simulated OpenConfig (EOS-style) switches (eos-1, eos-2, …; NetBox platform arista-eos)', '1')
    .option('--write-config <file>', 'where to write the intentd config for this lab')
    .action(async (opts: { devices: string; openconfig: string; writeConfig?: string }) => {
      try {
        const lab = await Lab.start({ devices: Number(opts.devices), openconfig: Number(opts.openconfig) });
        const work = mkdtempSync(join(tmpdir(), 'intentd-lab-'));
        const file = opts.writeConfig ?? join(work, 'intentd.yaml');
        writeFileSync(file, lab.configYaml({ repo: join(work, 'intent') }));
        process.stdout.write(
          [
            `NetBox emulator: ${lab.netbox.url} (token ${lab.netbox.tokenV2})`,
            ...[...lab.devices].map(([n, d]) => `device ${n}: NETCONF/SSH 127.0.0.1:${d.port}${n.startsWith('eos-') ? ' (OpenConfig, NetBox platform arista-eos)' : ''}`),
            `Webex emulator:  ${lab.webex.baseUrl}`,
            `config written:  ${file}`,
            `next: intentd run -c ${file}   (NetBox sends its webhooks to http://127.0.0.1:12345/netbox)`,
            `nudge a reconcile: curl -X POST -H 'Authorization: Bearer ${lab.apiToken}' http://127.0.0.1:12345/api/reconcile/c9300`,
            `change Gi1/0/3 in NetBox: curl -X PATCH ${lab.netbox.url}/api/dcim/interfaces/4/ -H 'Authorization: Bearer ${lab.netbox.tokenV2}' -H 'Content-Type: application/json' -d '{"description":"x","custom_fields":{"change_ticket_number":"42"}}'`,
            'Ctrl-C to stop.',
            '',
          ].join('\n'),
        );
        lab.connectWebhook('http://127.0.0.1:12345');
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await lab.stop();
      } catch (err) {
        process.exitCode = reportCliError(err);
      }
    });

  program
    .command('demo')
    .description('run the lab and the daemon on embedded defaults and play the LTRCRT-2005 story')
    .option('--exit-after-story', 'stop when the story is done (for CI)', false)
    .option('--listen <addr>', 'daemon listen address (default 127.0.0.1:12345, else a free port)')
    .action(async (opts: { exitAfterStory: boolean; listen?: string }) => {
      try {
        await runDemo({ out: (l) => process.stdout.write(`${l}\n`), exitAfterStory: opts.exitAfterStory || process.env.CI === 'true', ...(opts.listen ? { listen: opts.listen } : {}) });
        process.exit(0);
      } catch (err) {
        process.exitCode = reportCliError(err);
        process.exit(process.exitCode);
      }
    });
}
