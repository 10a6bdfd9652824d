import { NetconfPool } from '../../src/adapters/netconf/pool.js';
import { NetconfSession, type SessionOptions } from '../../src/adapters/netconf/session.js';
import type { Config } from '../../src/config/types.js';
import { DeviceApplyReconciler, type DeviceApplyDeps } from '../../src/controllers/device-apply.js';
import type { Notification } from '../../src/core/notification.js';
import type { IntentStorePort, Notifier, NotifierStats, PlatformCatalog } from '../../src/core/ports.js';
import { silentLogger } from '../../src/log.js';
import { Metrics } from '../../src/observability/metrics.js';
import { StatusBook } from '../../src/runtime/status.js';
import type { TestDevice } from './netconfd.js';

/** A Notifier that keeps every notification in `sent` (nothing leaves the process). */
export class RecordingNotifier implements Notifier {
  readonly sent: Notification[] = [];
  notify(n: Notification): void {
    this.sent.push(n);
  }
  async flush(): Promise<void> {}
  stats(): NotifierStats {
    return { queued: 0, sent: this.sent.length, dropped: 0, droppedOverflow: 0, droppedRejected: 0, droppedExhausted: 0, retries: 0 };
  }
}

/**
 * The daemon's device-apply reconciler over `platforms` and `store`, with a recording notifier, a fresh
 * status book and metrics and a silent logger; `expectedIdentity` is passed through when given.
 */
export function deviceApplySetup(o: { config: Config; store: IntentStorePort; platforms: PlatformCatalog; expectedIdentity?: DeviceApplyDeps['expectedIdentity'] }) {
  const notifier = new RecordingNotifier();
  const status = new StatusBook();
  const reconciler = new DeviceApplyReconciler({
    config: o.config, store: o.store, platforms: o.platforms, notifier, status, metrics: new Metrics(), logger: silentLogger(),
    ...(o.expectedIdentity ? { expectedIdentity: o.expectedIdentity } : {}),
  });
  return { reconciler, notifier, status };
}

/** A NETCONF pool whose sessions push every RPC body they send onto `rpcs`. */
export function rpcRecordingPool(rpcs: string[]): NetconfPool {
  return new NetconfPool({
    connect: async (o: SessionOptions) => {
      const session = await NetconfSession.connect(o);
      const rpc = session.rpc.bind(session);
      session.rpc = (body, opts) => (rpcs.push(body), rpc(body, opts));
      return session;
    },
  });
}

/** The NETCONF settings of a test device. */
export function testDeviceOptions(device: TestDevice): SessionOptions {
  return { host: device.host, port: device.port, username: device.username, privateKey: device.privateKey, hostKey: device.hostKeyFingerprint };
}
