/** What this build is: the package version and the source commit, each resolved once per process. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findPackageRoot } from './connector/grpc/proto';

export function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(findPackageRoot(), 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '';
}

let checkedOutCommit: string | undefined;

/** GIT_COMMIT if set (builds from a tarball have no .git), else `git rev-parse HEAD` (asked once), else ''. */
export function gitCommit(env: Record<string, string | undefined> = process.env): string {
  if (env.GIT_COMMIT) return env.GIT_COMMIT;
  checkedOutCommit ??= revParseHead();
  return checkedOutCommit;
}

function revParseHead(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: findPackageRoot(),
      encoding: 'utf8',
      timeout: 2_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return '';
  }
}

