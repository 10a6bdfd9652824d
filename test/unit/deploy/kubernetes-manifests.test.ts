import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parseConfig } from '../../../src/config/load.js';
import { checkServeConfig } from '../../../src/config/serve-checks.js';
import { dockerRuntime, kustomizeResources, loadManifests, selects, type K8sObject } from './manifest-set.js';

const ROOT = join(import.meta.dirname, '../../..');
const DIR = join(ROOT, 'deploy/kubernetes');

type Probe = { httpGet?: { path: string; port: string | number } };
type EnvVar = { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string }; secretKeyRef?: { name: string; key: string } } };
type SecurityContext = { runAsNonRoot?: boolean; runAsUser?: number; readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean; capabilities?: { drop?: string[]; add?: string[] }; seccompProfile?: { type: string }; privileged?: boolean };
type Container = {
  name: string; image: string; args?: string[]; env?: EnvVar[]; ports?: { name?: string; containerPort: number }[];
  livenessProbe?: Probe; readinessProbe?: Probe; resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: SecurityContext; volumeMounts?: { name: string; mountPath: string }[];
};
type Volume = { name: string; emptyDir?: object; configMap?: { name: string; items?: { key: string; path: string }[] }; hostPath?: object };
type PodSpec = { securityContext?: SecurityContext; containers: Container[]; volumes?: Volume[] };
type StatefulSet = K8sObject & { spec: { replicas: number; serviceName: string; podManagementPolicy?: string; selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> }; spec: PodSpec } } };
type Service = K8sObject & { spec: { clusterIP?: string; selector: Record<string, string>; ports: { name?: string; port: number; targetPort: string | number }[] } };
type Pdb = K8sObject & { spec: { minAvailable?: number; maxUnavailable?: number; selector: { matchLabels: Record<string, string> } } };

const files = loadManifests(DIR);
const objects = files.flatMap((f) => f.objects).filter((o) => o.kind !== 'Kustomization');
const find = <T extends K8sObject>(kind: string, name: string): T => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name} in ${DIR}`);
  return o as T;
};
const intentd = find<StatefulSet>('StatefulSet', 'intentd');
const etcd = find<StatefulSet>('StatefulSet', 'etcd');
const pod = intentd.spec.template.spec;
const container = pod.containers[0] as Container;
const secret = find<K8sObject & { stringData: Record<string, string> }>('Secret', 'intentd');
const configMap = find<K8sObject & { data: Record<string, string> }>('ConfigMap', 'intentd-config');
const image = dockerRuntime(join(ROOT, 'Dockerfile'));

/** A container's port number for a probe's or Service's `port`/`targetPort` (a name or a number). */
const portOf = (c: Container, port: string | number | undefined): number | undefined =>
  typeof port === 'number' ? port : c.ports?.find((p) => p.name === port)?.containerPort;

/** The environment intentd-0 starts with: the image's ENV, then the container's (secrets from the example). */
function podEnv(): Record<string, string> {
  const env: Record<string, string> = { ...image.env };
  for (const v of container.env ?? []) {
    if (v.value !== undefined) env[v.name] = v.value;
    else if (v.valueFrom?.fieldRef?.fieldPath === 'metadata.name') env[v.name] = 'intentd-0';
    else if (v.valueFrom?.secretKeyRef) env[v.name] = secret.stringData[v.valueFrom.secretKeyRef.key] ?? '';
    else throw new Error(`env ${v.name}: a source this test does not resolve`);
  }
  return env;
}

const configText = (): string => configMap.data['intentd.yaml'] ?? '';
const schemaHasCluster = 'cluster' in (JSON.parse(readFileSync(join(ROOT, 'schemas/config.schema.json'), 'utf8')) as { properties: object }).properties;

/** The config intentd-0 runs with; the `cluster` section left out while the schema does not know it yet. */
function podConfig() {
  const doc = parseDocument(configText());
  if (!schemaHasCluster) doc.delete('cluster');
  return parseConfig(String(doc), 'configmap intentd-config', { env: podEnv() });
}

describe('deploy/kubernetes', () => {
  it('parses every document and reaches every manifest from kustomization.yaml', () => {
    const reachable = new Set(['kustomization.yaml', ...kustomizeResources(DIR)]);
    expect(files.map((f) => f.file).filter((f) => !reachable.has(f))).toEqual([]);
    expect([...reachable].filter((f) => !files.some((x) => x.file === f))).toEqual([]);
    const kinds = new Set(objects.map((o) => o.kind));
    for (const k of ['Namespace', 'StatefulSet', 'Service', 'PodDisruptionBudget', 'ConfigMap', 'Secret']) expect(kinds).toContain(k);
  });

  it('runs three replicas of the Dockerfile image, started in order (the first makes the remote\'s first commit), the pod name as replica id', () => {
    expect(intentd.spec.replicas).toBe(3);
    expect(intentd.spec.podManagementPolicy).toBe('OrderedReady');
    expect(selects(intentd.spec.selector.matchLabels, intentd.spec.template.metadata.labels)).toBe(true);
    expect(find<Service>('Service', intentd.spec.serviceName).spec.clusterIP).toBe('None');
    expect(container.image.split(':')[0]).toBe('intentd');
    expect(container.args).toEqual(['run']);
    expect(container.env?.find((v) => v.name === 'INTENTD_REPLICA_ID')?.valueFrom?.fieldRef?.fieldPath).toBe('metadata.name');
    expect(configText()).toContain('replicaId: "${INTENTD_REPLICA_ID}"');
  });

  it('reads the config map at the path the image looks for', () => {
    const mount = container.volumeMounts?.find((m) => m.mountPath === image.env.INTENTD_CONFIG?.replace(/\/[^/]+$/, ''));
    const item = pod.volumes?.find((v) => v.name === mount?.name)?.configMap?.items?.[0];
    expect(item?.key).toBe('intentd.yaml');
    expect(`${mount?.mountPath}/${item?.path}`).toBe(podEnv().INTENTD_CONFIG);
  });

  it('probes /healthz and /readyz on the port http.listen names, which the environment does not change', () => {
    const listen = podConfig().http.listen;
    expect(listen).toBe(parseDocument(configText()).getIn(['http', 'listen']));
    const port = Number(listen.split(':').pop());
    expect(container.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(container.readinessProbe?.httpGet?.path).toBe('/readyz');
    expect(portOf(container, container.livenessProbe?.httpGet?.port)).toBe(port);
    expect(portOf(container, container.readinessProbe?.httpGet?.port)).toBe(port);
  });

  it('sends both Services to the StatefulSet pods on the listen port', () => {
    const port = Number(podConfig().http.listen.split(':').pop());
    const services = objects.filter((o): o is Service => o.kind === 'Service' && o.metadata.name.startsWith('intentd'));
    expect(services.map((s) => s.spec.clusterIP ?? 'ClusterIP').sort()).toEqual(['ClusterIP', 'None']);
    for (const s of services) {
      expect(selects(s.spec.selector, intentd.spec.template.metadata.labels)).toBe(true);
      expect(selects(s.spec.selector, etcd.spec.template.metadata.labels)).toBe(false);
      expect(s.spec.ports.map((p) => portOf(container, p.targetPort))).toEqual([port]);
    }
  });

  it('keeps two replicas up through voluntary disruptions', () => {
    const pdbs = objects.filter((o): o is Pdb => o.kind === 'PodDisruptionBudget');
    expect(pdbs).toHaveLength(1);
    const pdb = pdbs[0] as Pdb;
    expect(pdb.spec.maxUnavailable === 1 || pdb.spec.minAvailable === 2).toBe(true);
    expect(selects(pdb.spec.selector.matchLabels, intentd.spec.template.metadata.labels)).toBe(true);
  });

  it('runs every pod as non-root with a read-only root, no capabilities and the runtime seccomp profile', () => {
    for (const sts of [intentd, etcd]) {
      const spec = sts.spec.template.spec;
      expect(spec.securityContext?.runAsNonRoot).toBe(true);
      expect(spec.securityContext?.seccompProfile?.type).toBe('RuntimeDefault');
      expect(spec.volumes?.filter((v) => v.hostPath)).toEqual([]);
      for (const c of spec.containers) {
        const sc = c.securityContext ?? {};
        expect({ name: c.name, nonRoot: sc.runAsNonRoot, ro: sc.readOnlyRootFilesystem, esc: sc.allowPrivilegeEscalation, drop: sc.capabilities?.drop, add: sc.capabilities?.add, priv: sc.privileged }).toEqual({ name: c.name, nonRoot: true, ro: true, esc: false, drop: ['ALL'], add: undefined, priv: undefined });
        expect(sc.runAsUser ?? spec.securityContext?.runAsUser).toBeGreaterThan(0);
        for (const r of ['cpu', 'memory']) expect([c.resources?.requests?.[r], c.resources?.limits?.[r]], `${c.name} ${r}`).not.toContain(undefined);
      }
    }
    expect(container.securityContext?.runAsUser).toBe(image.uid);
  });

  it('gives the clone and /tmp writable emptyDirs, since the root is read-only', () => {
    const writable = (path: string) =>
      container.volumeMounts?.some((m) => (path === m.mountPath || path.startsWith(`${m.mountPath}/`)) && pod.volumes?.find((v) => v.name === m.name)?.emptyDir);
    expect(writable(podConfig().intent.repo)).toBe(true);
    expect(writable('/tmp')).toBe(true);
  });

  it("passes intentd's own config validation and start checks, with a remote and the trial etcd", () => {
    const cfg = podConfig();
    expect(checkServeConfig(cfg)).toEqual([]);
    expect(cfg.intent.remote).toMatch(/^ssh:\/\//);
    const raw = (parseDocument(configText()).toJS() as { cluster?: { etcd: { endpoints: string[]; prefix: string }; leaseTtlSec: number } }).cluster;
    const etcdService = find<Service>('Service', 'etcd');
    const etcdContainer = etcd.spec.template.spec.containers[0] as Container;
    expect(raw?.etcd.endpoints).toEqual([`http://${etcdService.metadata.name}:${etcdService.spec.ports[0]?.port}`]);
    expect(portOf(etcdContainer, etcdService.spec.ports[0]?.targetPort)).toBe(2379);
    expect(etcdContainer.args).toContain('--listen-client-urls=http://0.0.0.0:2379');
    expect(raw?.etcd.prefix).toBe('intentd/');
    expect(raw?.leaseTtlSec).toBe(10);
    if (schemaHasCluster) expect((cfg as unknown as { cluster: { replicaId: string } }).cluster.replicaId).toBe('intentd-0');
  });

  it('holds placeholders only: no secret in the config map, the Secret example unmistakably fake', () => {
    const text = files.map((f) => readFileSync(join(DIR, f.file), 'utf8')).join('\n');
    expect(text).not.toContain('PRIVATE KEY');
    expect(objects.filter((o) => o.kind === 'Secret').map((o) => Object.keys(o).filter((k) => k === 'data' || k === 'binaryData'))).toEqual([[]]);
    expect(Object.values(secret.stringData).every((v) => v.startsWith('REPLACE-ME'))).toBe(true);
    const refs = (container.env ?? []).flatMap((v) => (v.valueFrom?.secretKeyRef ? [v.valueFrom.secretKeyRef.key] : []));
    expect([...refs, 'git-ssh-key'].sort()).toEqual(Object.keys(secret.stringData).sort());
    const cm = parseDocument(configText()).toJS() as { netbox: object; http: object; devices: { defaults: object } };
    for (const [section, key] of [[cm.netbox, 'token'], [cm.netbox, 'webhookSecret'], [cm.http, 'apiToken'], [cm.devices.defaults, 'password']] as const) {
      expect(Object.keys(section)).not.toContain(key);
    }
  });
});
