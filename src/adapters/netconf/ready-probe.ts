import type { Capabilities } from './capabilities.js';

/**
 * Whether a new session must answer a ready probe before it is used: 'always', 'never', or 'auto' —
 * only servers known to need it. yuma123's netconfd (seen here) silently drops an RPC that reaches it in
 * the same read as the client hello, and that session then never answers; it says who it is in its hello
 * (its own `yuma*` modules, netconfcentral.org and yuma123.org namespaces). IOS-XE, the simulated
 * switches and other servers skip the probe, so a session's first RPC is the reconcile's own read.
 */
export type ReadyProbeMode = 'auto' | 'always' | 'never';

const YUMA_NAMESPACES = ['http://netconfcentral.org/ns/', 'http://yuma123.org/ns/'];

/** True when the server's hello shows a yuma123 netconfd. Pure. */
export function isYumaServer(caps: Capabilities): boolean {
  for (const [name, m] of caps.modules) {
    if (name.startsWith('yuma') || YUMA_NAMESPACES.some((ns) => m.namespace.startsWith(ns))) return true;
  }
  return YUMA_NAMESPACES.some((ns) => caps.has(ns));
}

/** Whether to probe a new session of a server with `caps` under `mode` (a boolean is always/never). */
export function needsReadyProbe(mode: ReadyProbeMode | boolean | undefined, caps: Capabilities): boolean {
  if (mode === true || mode === 'always') return true;
  if (mode === false || mode === 'never') return false;
  return isYumaServer(caps);
}
