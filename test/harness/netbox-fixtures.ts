import { readFileSync } from 'node:fs';

/** Raw bytes of a NetBox sample payload under test/fixtures/netbox/. */
export function netboxFixtureText(name: string): string {
  return readFileSync(new URL(`../fixtures/netbox/${name}`, import.meta.url), 'utf8');
}

/** A NetBox sample payload under test/fixtures/netbox/, parsed (a fresh copy each call). */
export function netboxFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(netboxFixtureText(name)) as T;
}
