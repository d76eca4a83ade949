/**
 * The contract in proto/ as a product: it passes `buf lint` (buf.yaml), a change is never wire- or
 * source-incompatible with what main had (`buf breaking`), and the TypeScript generated from it is build output.
 * The buf binary comes from the npm registry (@bufbuild/buf); the history from git, which a fresh clone has.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPackageRoot } from '../src/connector/grpc/proto';
import { NullableTimestamp } from '../src/generated/obp/connector/v1/connector';
import { Timestamp } from '../src/generated/google/protobuf/timestamp';

const root = findPackageRoot();
const bufBin = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'buf.cmd' : 'buf');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'proto-contract-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function buf(...args: string[]) {
  const run = spawnSync(bufBin, args, { cwd: root, encoding: 'utf8' });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
const gitOk = (...args: string[]) => spawnSync('git', args, { cwd: root, stdio: 'ignore' }).status === 0;

/**
 * What "main" means for this checkout: on a branch, where it left main (so that RPCs others added on main since
 * do not read as deletions); on main itself, the previous commit. Undefined without git history.
 */
function baseCommit(): string | undefined {
  if (!gitOk('rev-parse', '--verify', '--quiet', 'HEAD')) return undefined;
  const head = git('rev-parse', 'HEAD');
  for (const main of ['main', 'origin/main']) {
    if (!gitOk('rev-parse', '--verify', '--quiet', main)) continue;
    const base = git('merge-base', 'HEAD', main);
    if (base !== head) return base;
  }
  return gitOk('rev-parse', '--verify', '--quiet', 'HEAD~1') ? git('rev-parse', 'HEAD~1') : undefined;
}

/** The proto/ tree of a commit, extracted beside this checkout's buf.yaml so that both have the same layout. */
function protoTreeAt(commit: string): string {
  const dir = fs.mkdtempSync(path.join(scratch, 'base-'));
  const archive = execFileSync('git', ['archive', '--format=tar', commit, 'proto'], { cwd: root });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  fs.copyFileSync(path.join(root, 'buf.yaml'), path.join(dir, 'buf.yaml'));
  return dir;
}

describe('the proto contract', () => {
  it('passes buf lint', () => {
    const { code, output } = buf('lint');
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  const base = baseCommit();
  it.skipIf(!base)(`has no breaking change against main (${base?.slice(0, 10) ?? 'no git history'})`, () => {
    const { code, output } = buf('breaking', '--against', protoTreeAt(base!));
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it('buf breaking catches a removed field and a renamed RPC', () => {
    const changed = fs.mkdtempSync(path.join(scratch, 'changed-'));
    fs.cpSync(path.join(root, 'proto'), path.join(changed, 'proto'), { recursive: true });
    fs.copyFileSync(path.join(root, 'buf.yaml'), path.join(changed, 'buf.yaml'));
    const file = path.join(changed, 'proto/obp/connector/v1/connector.proto');
    const source = fs.readFileSync(file, 'utf8');
    const edited = source.replace('  string swift_bic = 6;\n', '').replace('rpc getBanks(', 'rpc listBanks(');
    expect(edited).not.toBe(source);
    fs.writeFileSync(file, edited);

    const run = spawnSync(bufBin, ['breaking', changed, '--against', root], { cwd: root, encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toMatch(/Previously present field "6" with name "swift_bic" on message "Bank" was deleted/);
    expect(run.stdout).toMatch(/Previously present RPC "getBanks" on service "Connector" was deleted/);
  });
});

describe('the generated code', () => {
  it('is build output: ignored by git, never committed', () => {
    expect(fs.existsSync(path.join(root, 'src/generated/obp/connector/v1/connector.ts'))).toBe(true);
    expect(gitOk('check-ignore', '--quiet', 'src/generated/obp/connector/v1/connector.ts')).toBe(true);
    expect(git('ls-files', 'src/generated')).toBe('');
  });

  it('writes instants before 1970 as timestamp.proto requires: seconds floored, nanos from 0 to 999,999,999', () => {
    const cases: [string, { seconds: number; nanos: number }][] = [
      ['1969-12-31T23:59:58.500Z', { seconds: -2, nanos: 500_000_000 }],
      ['1969-12-31T23:59:59.999Z', { seconds: -1, nanos: 999_000_000 }],
      ['1950-06-01T00:00:00.000Z', { seconds: -618_105_600, nanos: 0 }],
      ['2024-02-29T12:00:00.250Z', { seconds: 1_709_208_000, nanos: 250_000_000 }],
    ];
    for (const [iso, expected] of cases) {
      const bytes = NullableTimestamp.encode({ value: new Date(iso) }).finish();
      // Field 1, length-delimited: the Timestamp's own bytes follow the tag and the one-byte length.
      expect(Timestamp.decode(bytes.subarray(2))).toEqual(expected);
      expect(NullableTimestamp.decode(bytes).value?.toISOString()).toBe(iso);
    }
  });
});
