import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { c9300StartupXml } from '../../harness/iosxe-startup.js';
import { eosStartupXml } from '../../harness/openconfig-startup.js';

const run = promisify(execFile);
const YANG = join(import.meta.dirname, '../../harness/yang');

/** The test device's YANG must load in libyang too (not only in yuma123's netconfd), like the real models. */
// Off CI, a machine without yanglint (Debian libyang2-tools, installed by .ci/deps) skips with the reason.
const HAVE_YANGLINT = existsSync('/usr/bin/yanglint');
const describeYanglint = HAVE_YANGLINT || process.env.CI === 'true' ? describe : describe.skip;
if (!HAVE_YANGLINT && process.env.CI !== 'true') console.warn('skipping the yanglint tests: /usr/bin/yanglint is missing (run .ci/deps)');

describeYanglint('the test device YANG modules in libyang (yanglint)', () => {
  let dir: string;
  let modules: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'intentd-yanglint-'));
    modules = (await readdir(YANG)).filter((f) => f.endsWith('.yang')).map((f) => join(YANG, f));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('loads every module without a warning', async () => {
    expect(modules.length).toBeGreaterThanOrEqual(3);
    const { stdout, stderr } = await run('yanglint', ['-p', YANG, ...modules]);
    expect(stderr).toBe('');
    expect(stdout).toBe('');
  });

  /** yanglint's verdict on config data; netconfd's startup file wraps it in <config>, yanglint wants the top nodes. */
  async function validate(xml: string): Promise<string> {
    const file = join(dir, 'startup.xml');
    await writeFile(file, xml.replace(/^[\s\S]*?<config[^>]*>/, '').replace(/<\/config>\s*$/, ''));
    return run('yanglint', ['-p', YANG, '-t', 'config', ...modules, file]).then(({ stderr }) => stderr, (err: { stderr?: string }) => `failed: ${err.stderr ?? ''}`);
  }

  it('validates the 48-port C9300 startup configuration as config data', async () => {
    expect(await validate(c9300StartupXml())).toBe('');
  });

  it('refuses data outside the modelled limits (an access VLAN of 4095)', async () => {
    const bad = c9300StartupXml().replace('<vlan><vlan>100</vlan></vlan>', '<vlan><vlan>4095</vlan></vlan>');
    expect(bad).not.toBe(c9300StartupXml());
    expect(await validate(bad)).toMatch(/^failed: [\s\S]*4095/);
  });
});

const YANG_OC = join(import.meta.dirname, '../../harness/yang-openconfig');

describeYanglint('the OpenConfig test device YANG modules in libyang (yanglint)', () => {
  let dir: string;
  let modules: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'intentd-yanglint-oc-'));
    modules = (await readdir(YANG_OC)).filter((f) => f.endsWith('.yang')).map((f) => join(YANG_OC, f));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  async function validate(xml: string): Promise<string> {
    const file = join(dir, 'startup.xml');
    await writeFile(file, xml.replace(/^[\s\S]*?<config[^>]*>/, '').replace(/<\/config>\s*$/, ''));
    return run('yanglint', ['-p', YANG_OC, '-t', 'config', ...modules, file]).then(({ stderr }) => stderr, (err: { stderr?: string }) => `failed: ${err.stderr ?? ''}`);
  }

  it('loads every module without a warning', async () => {
    expect(modules.map((m) => m.slice(YANG_OC.length + 1)).sort()).toEqual([
      'iana-if-type.yang', 'ietf-interfaces.yang', 'openconfig-if-aggregate.yang', 'openconfig-if-ethernet.yang',
      'openconfig-if-ip.yang', 'openconfig-interfaces.yang', 'openconfig-system.yang', 'openconfig-vlan.yang',
    ]);
    const { stdout, stderr } = await run('yanglint', ['-p', YANG_OC, ...modules]);
    expect(stderr).toBe('');
    expect(stdout).toBe('');
  });

  it('validates the EOS-style startup configuration as config data', async () => {
    expect(await validate(eosStartupXml())).toBe('');
  });

  it('refuses a trunk VLAN range outside the a..b form and an interface without a type', async () => {
    const badRange = eosStartupXml().replace('<trunk-vlans>30..32</trunk-vlans>', '<trunk-vlans>30-32</trunk-vlans>');
    expect(badRange).not.toBe(eosStartupXml());
    expect(await validate(badRange)).toMatch(/^failed: [\s\S]*30-32/);
    const noType = eosStartupXml().replace(/<type [^>]*>ianaift:ethernetCsmacd<\/type>/, '');
    expect(await validate(noType)).toMatch(/^failed: [\s\S]*type/);
  });
});
