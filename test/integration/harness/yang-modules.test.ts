import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { c9300StartupXml, type IosXeGeneration } from '../../harness/iosxe-startup.js';
import { eosStartupXml } from '../../harness/openconfig-startup.js';

const run = promisify(execFile);
const YANG = join(import.meta.dirname, '../../harness/yang');

/** The test device's YANG must load in libyang too (not only in yuma123's netconfd), like the real models. */
// Off CI, a machine without yanglint (Debian libyang2-tools, installed by .ci/deps) skips with the reason.
const HAVE_YANGLINT = existsSync('/usr/bin/yanglint');
const describeYanglint = HAVE_YANGLINT || process.env.CI === 'true' ? describe : describe.skip;
if (!HAVE_YANGLINT && process.env.CI !== 'true') console.warn('skipping the yanglint tests: /usr/bin/yanglint is missing (run .ci/deps)');

const GEN_17_9 = join(import.meta.dirname, '../../harness/yang-17.9');

/** The modules a test device of `generation` loads: YANG's, with the generation's folder shadowing it. */
async function modulesOf(generation: IosXeGeneration): Promise<{ paths: string[]; files: string[] }> {
  const shadow = generation === '17.9' ? (await readdir(GEN_17_9)).filter((f) => f.endsWith('.yang')) : [];
  const base = (await readdir(YANG)).filter((f) => f.endsWith('.yang') && !shadow.includes(f)).map((f) => join(YANG, f));
  const paths = (generation === '17.9' ? [GEN_17_9, YANG] : [YANG]).flatMap((p) => ['-p', p]);
  return { paths, files: [...base, ...shadow.map((f) => join(GEN_17_9, f))] };
}

for (const generation of ['17.15', '17.9'] as const) {
  describeYanglint(`the test device YANG modules of IOS-XE ${generation} in libyang (yanglint)`, () => {
    let dir: string;
    let modules: { paths: string[]; files: string[] };

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'intentd-yanglint-'));
      modules = await modulesOf(generation);
    });
    afterAll(async () => rm(dir, { recursive: true, force: true }));

    it('loads every module without a warning', async () => {
      expect(modules.files.length).toBeGreaterThanOrEqual(3);
      const { stdout, stderr } = await run('yanglint', [...modules.paths, ...modules.files]);
      expect(stderr).toBe('');
      expect(stdout).toBe('');
    });

    /** yanglint's verdict on config data; netconfd's startup file wraps it in <config>, yanglint wants the top nodes. */
    async function validate(xml: string): Promise<string> {
      const file = join(dir, 'startup.xml');
      await writeFile(file, xml.replace(/^[\s\S]*?<config[^>]*>/, '').replace(/<\/config>\s*$/, ''));
      return run('yanglint', [...modules.paths, '-t', 'config', ...modules.files, file]).then(({ stderr }) => stderr, (err: { stderr?: string }) => `failed: ${err.stderr ?? ''}`);
    }

    it('validates the 48-port C9300 startup configuration as config data', async () => {
      expect(await validate(c9300StartupXml({ generation }))).toBe('');
    });

    it('refuses data outside the modelled limits (an access VLAN of 4095)', async () => {
      const good = c9300StartupXml({ generation });
      const bad = good.replace('<vlan><vlan>100</vlan></vlan>', '<vlan><vlan>4095</vlan></vlan>');
      expect(bad).not.toBe(good);
      expect(await validate(bad)).toMatch(/^failed: [\s\S]*4095/);
    });

    it(generation === '17.9' ? 'has no vlan-v2 (it came with revision 2023-11-01)' : 'limits the vlan-v2 base line to 224 characters and takes base plus add lines', async () => {
      const trunk = (allowed: string): string => c9300StartupXml({ generation }).replace(/<allowed>.*?<\/allowed>/, `<allowed>${allowed}</allowed>`);
      const list = Array.from({ length: 80 }, (_, i) => 2 * i + 2).join(',');
      if (generation === '17.9') {
        expect(await validate(trunk('<vlan-v2><vlans>10</vlans></vlan-v2>'))).toMatch(/^failed: [\s\S]*vlan-v2/);
        return;
      }
      expect(list.length).toBeGreaterThan(224);
      expect(await validate(trunk(`<vlan-v2><vlans>${list}</vlans></vlan-v2>`))).toMatch(/^failed: [\s\S]*length/i);
      expect(await validate(trunk('<vlan-v2><vlans>1-10,20</vlans><add-vlans><add><vlans>30-40</vlans></add></add-vlans></vlan-v2>'))).toBe('');
      expect(await validate(trunk('<vlan-v2><vlans>1-10,x</vlans></vlan-v2>'))).toMatch(/^failed:/);
    });

    it('takes an access VLAN of "dynamic" (the union with 1..4094)', async () => {
      const good = c9300StartupXml({ generation });
      expect(await validate(good.replace('<vlan><vlan>100</vlan></vlan>', '<vlan><vlan>dynamic</vlan></vlan>'))).toBe('');
    });
  });
}

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
