/**
 * OBP's API versions and which of them serve an endpoint. OBP serves an implementation under the version that
 * introduced it and under every later version, until a later version re-implements the same method and path
 * (OBP-API's route lists: OBPAPIx_y_z and `collectResourceDocs`). An endpoint declares where that chain ends
 * (`servedUntil`), and where it starts when that is not its `implementedIn` (`servedFrom`).
 */
import type { Endpoint } from './endpoint';

/** The versions OBP-API serves, oldest first (`ApiVersion` in OBP's commons). */
export const OBP_VERSIONS = [
  'v1.2.1',
  'v1.3.0',
  'v1.4.0',
  'v2.0.0',
  'v2.1.0',
  'v2.2.0',
  'v3.0.0',
  'v3.1.0',
  'v4.0.0',
  'v5.0.0',
  'v5.1.0',
] as const;

export type ObpVersion = (typeof OBP_VERSIONS)[number];

export const NEWEST_VERSION: ObpVersion = 'v5.1.0';

/** The version this service grew from: examples, the /docs page and tests use it where an endpoint is served there. */
export const HOME_VERSION: ObpVersion = 'v3.1.0';

export function isObpVersion(v: string): v is ObpVersion {
  return (OBP_VERSIONS as readonly string[]).includes(v);
}

/**
 * A version as OBP accepts it in resource-doc paths: short (`v3.1.0`) or fully qualified (`OBPv3.1.0`).
 * Undefined for anything else (OBP answers that with OBP-00027).
 */
export function parseVersion(value: string): ObpVersion | undefined {
  const short = value.startsWith('OBP') ? value.slice(3) : value;
  return isObpVersion(short) ? short : undefined;
}

const index = (v: ObpVersion) => OBP_VERSIONS.indexOf(v);

/** Every version from `from` to `until`, both included. */
export function versionsBetween(from: ObpVersion, until: ObpVersion): ObpVersion[] {
  return OBP_VERSIONS.slice(index(from), index(until) + 1);
}

/** The versions whose prefix serves the endpoint; none for endpoints served at their own path (`root`). */
export function servedVersions(e: Endpoint<any>): ObpVersion[] {
  if (e.root) return [];
  return versionsBetween(e.servedFrom ?? e.implementedIn, e.servedUntil ?? NEWEST_VERSION);
}

export function isServedIn(e: Endpoint<any>, v: ObpVersion): boolean {
  return !e.root && index(v) >= index(e.servedFrom ?? e.implementedIn) && index(v) <= index(e.servedUntil ?? NEWEST_VERSION);
}

/** The version to show or call an endpoint under when none is asked for: HOME_VERSION if it serves it, else its first. */
export function defaultVersion(e: Endpoint<any>): ObpVersion {
  return isServedIn(e, HOME_VERSION) ? HOME_VERSION : (e.servedFrom ?? e.implementedIn);
}

/** `/obp/v3.1.0` */
export const versionPrefix = (v: ObpVersion) => `/obp/${v}`;

/** The path of an endpoint under a version, in OBP notation: `/obp/v3.1.0/banks/BANK_ID/customers` (root: as declared). */
export function pathUnder(e: Endpoint<any>, v: ObpVersion): string {
  return e.root ? e.path : `${versionPrefix(v)}${e.path}`;
}
