import { ValidationError } from './errors.js';
import { DEVICE_NAME_PATTERN } from './types.js';

/**
 * The one device-name rule (DEVICE_NAME_PATTERN): 1-64 letters, digits, `.`, `_`, `-`, starting
 * with a letter or digit, never `..`, so a name is always a safe file name and URL segment.
 * Stateless (no `g` flag): safe to share.
 */
export const DEVICE_NAME_RE = new RegExp(DEVICE_NAME_PATTERN);

export function isDeviceName(name: string): boolean {
  return DEVICE_NAME_RE.test(name);
}

/** Throws ValidationError unless `device` is a valid device name. */
export function assertDeviceName(device: string): void {
  if (!isDeviceName(device)) {
    throw new ValidationError(`invalid device name '${device}'`, [`device: '${device}' must match ${DEVICE_NAME_PATTERN}`]);
  }
}
