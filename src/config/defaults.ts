import type { Config } from './types.js';

/** Built-in defaults; the YAML file, then env, then CLI flags override them. */
export function defaultConfig(): Config {
  return {
    http: {
      listen: '127.0.0.1:12345',
      maxBodyBytes: 1024 * 1024,
      apiToken: null,
      rateLimit: { max: 300, windowMs: 60_000 },
      uiAuth: 'token',
    },
    netbox: {
      url: null,
      token: null,
      webhookSecret: null,
      allowUnsignedWebhooks: false,
      poll: '*/5 * * * *',
      deviceFilter: { tag: 'gitops' },
      ticketField: 'change_ticket_number',
      platformMap: { 'cisco-ios-xe': 'iosxe', 'ios-xe': 'iosxe', 'arista-eos': 'openconfig' },
      timeoutMs: 10_000,
      retries: 3,
      deviceCacheMs: 60_000,
      rereadGapMs: 250,
      writeBackReverts: true,
    },
    intent: {
      repo: './var/intent',
      remote: null,
      branch: 'main',
      authorName: 'intentd',
      authorEmail: 'intentd@localhost',
      watchDebounceMs: 300,
    },
    devices: {
      defaults: { port: 830, username: 'admin', insecureSkipHostKeyCheck: false, platform: 'iosxe', timeoutMs: 30_000, maxReplyBytes: 67_108_864, checkIdentity: true, readyProbe: 'auto' },
      overrides: {},
      protectedInterfaces: [],
    },
    reconcile: {
      mode: 'enforce',
      requireTicket: true,
      adopt: 'report',
      resync: '*/10 * * * *',
      concurrency: 8,
      confirmTimeoutSec: 120,
      saveConfig: true,
      revertTimerMin: null,
      syncFrom: false,
      maxBackoffMs: 300_000,
    },
    webex: null,
    cluster: null,
  };
}
