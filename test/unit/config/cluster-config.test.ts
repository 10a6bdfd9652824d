import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { parseConfig } from '../../../src/config/load.js';

const parse = (text: string) => parseConfig(text, 'intentd.yaml', { env: {} });

describe('cluster config', () => {
  it('without a cluster section intentd is one process (cluster is null)', () => {
    expect(parse('').cluster).toBeNull();
  });

  it('fills in the prefix, replica id (hostname), lease TTL and pins', () => {
    const c = parse('intent: { remote: /srv/intent.git }\ncluster: { etcd: { endpoints: ["http://127.0.0.1:2379"] } }').cluster;
    expect(c).toEqual({ etcd: { endpoints: ['http://127.0.0.1:2379'], prefix: 'intentd/' }, replicaId: hostname(), leaseTtlSec: 10, pins: {} });
  });

  it('keeps what the file says', () => {
    const c = parse('intent: { remote: /srv/intent.git }\ncluster: { etcd: { endpoints: ["http://e:2379"], prefix: "x/" }, replicaId: r-1, leaseTtlSec: 5, pins: { sw1: r-2 } }').cluster;
    expect(c).toEqual({ etcd: { endpoints: ['http://e:2379'], prefix: 'x/' }, replicaId: 'r-1', leaseTtlSec: 5, pins: { sw1: 'r-2' } });
  });

  it('refuses a cluster without a shared intent remote', () => {
    const err = (() => {
      try {
        parse('cluster: { etcd: { endpoints: ["http://e:2379"] } }');
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(err.problems.join('\n')).toMatch(/intent\/remote: required/);
  });

  it('refuses a cluster without endpoints, a bad TTL or an unknown key', () => {
    for (const bad of ['cluster: { etcd: { endpoints: [] } }', 'cluster: { etcd: { endpoints: ["http://e"] }, leaseTtlSec: 1 }', 'cluster: { etcd: { endpoints: ["http://e"] }, shards: 3 }']) {
      expect(() => parse(`intent: { remote: /r.git }\n${bad}`)).toThrow(ConfigError);
    }
  });
});
