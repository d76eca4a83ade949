/** The adapter's identity for getAdapterInfo: name, package version and source commit, resolved once. */
import { gitCommit, packageVersion } from '../build-info';
import type { AdapterInfo } from '../connector/types';

export interface AdapterIdentity {
  name: string;
  version: string;
  gitCommit: string;
}

export const defaultAdapterName = 'obp-customer-reference-adapter';

export function resolveIdentity(overrides: Partial<AdapterIdentity> = {}): AdapterIdentity {
  return {
    name: overrides.name ?? defaultAdapterName,
    version: overrides.version ?? packageVersion(),
    gitCommit: overrides.gitCommit ?? gitCommit(),
  };
}

export function adapterInfo(identity: AdapterIdentity, now: Date = new Date()): AdapterInfo {
  return { ...identity, date: now.toISOString(), errorCode: '', backendMessages: [] };
}
