/** The resolved configuration: every default filled in, frozen after load. */

/** Platform names the config accepts (the `platform` enum of schemas/config.schema.json). */
export type PlatformName = 'iosxe' | 'openconfig';

export interface DeviceConnection {
  host?: string;
  port: number;
  username: string;
  password?: string;
  privateKeyFile?: string;
  hostKey?: string;
  knownHostsFile?: string;
  insecureSkipHostKeyCheck: boolean;
  platform: PlatformName;
  timeoutMs: number;
  /** Largest NETCONF reply accepted; a longer one drops the session (ProtocolError). */
  maxReplyBytes: number;
  /** Check the device's hostname (and serial, where NetBox has one) before the first write of a session. */
  checkIdentity: boolean;
  /** Ready probe of a new NETCONF session: 'auto' (only servers whose hello shows they need it), 'always', 'never'. */
  readyProbe: 'auto' | 'always' | 'never';
}

export interface Config {
  http: {
    listen: string;
    maxBodyBytes: number;
    /** Bearer token that acting `/api/*` endpoints require; null refuses them (403). */
    apiToken: string | null;
    /** Per client and route; valid signed webhooks and valid API tokens are exempt. */
    rateLimit: { max: number; windowMs: number };
    /** Whether reading the console (`/ui/`) needs a login; acting always does. */
    uiAuth: 'token' | 'none';
  };
  netbox: {
    url: string | null;
    token: string | null;
    webhookSecret: string | null;
    /** `intentd run` refuses to start without `webhookSecret` unless this is true. */
    allowUnsignedWebhooks: boolean;
    poll: string | null;
    deviceFilter: Record<string, string | number>;
    ticketField: string;
    /** NetBox device platform slug → intentd platform, for devices without `devices.overrides.<d>.platform`. */
    platformMap: Record<string, PlatformName>;
    timeoutMs: number;
    retries: number;
    /** How long a device's NetBox record (scope, platform, address, serial) is reused between reads. */
    deviceCacheMs: number;
    /** A device's NetBox data is read again no sooner than this after the last read began, while webhooks keep nudging it (0: at once). */
    rereadGapMs: number;
    /** After a `git revert` of a NetBox-originated intent commit is verified on the device, write the reverted values back to NetBox (false: only report the divergence). */
    writeBackReverts: boolean;
  };
  intent: {
    repo: string;
    remote: string | null;
    branch: string;
    authorName: string;
    authorEmail: string;
    watchDebounceMs: number;
  };
  devices: {
    defaults: DeviceConnection;
    overrides: Record<string, Partial<DeviceConnection>>;
    protectedInterfaces: string[];
  };
  reconcile: {
    mode: 'enforce' | 'report';
    requireTicket: boolean;
    /** First import of a device: `report` holds back differences from the device until a ticket; `enforce` pushes. */
    adopt: 'report' | 'enforce';
    resync: string | null;
    concurrency: number;
    confirmTimeoutSec: number;
    saveConfig: boolean;
    /** Minutes of the cisco-ia timed rollback armed around an edit on a running-only IOS-XE device; null: off. */
    revertTimerMin: number | null;
    /** cisco-ia sync-from and a second read when a read differs from intent (the lab synced before every change). */
    syncFrom: boolean;
    maxBackoffMs: number;
  };
  webex: {
    baseUrl: string;
    token: string;
    roomId?: string;
    toPersonEmail?: string;
    maxQueue: number;
    /** The same rejected input (source and reason) is told once per this window. */
    rejectedInputWindowMs: number;
    /** Secret of the Webex `attachmentActions` webhook; set: `POST /webhooks/webex` takes card clicks. */
    webhookSecret?: string;
    /** E-mail addresses whose Approve / Reject card clicks count. */
    approvers: string[];
    /** A drift incident's thread is closed ("resolved") after the device matched intent this long. */
    incidentQuietMs: number;
  } | null;
  /** Several replicas coordinated through etcd; null (the default): one process, no etcd. */
  cluster: ClusterConfig | null;
}

export interface ClusterConfig {
  etcd: { endpoints: string[]; prefix: string };
  /** This replica's id (member key, lock holder, `owner` in the fleet view); default: the hostname. */
  replicaId: string;
  /** Lease TTL: a replica silent this long loses its membership, locks and leadership. */
  leaseTtlSec: number;
  /** device → replicaId: the device is owned by that replica whenever it is live. */
  pins: Record<string, string>;
}
