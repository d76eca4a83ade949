import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { envGroups, envVariables, renderConfigTable, renderEnvExample, withConfigTable } from '../src/env-docs';

const root = path.resolve(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const regenerate = 'out of date with the configuration schemas: run `npm run config:docs` and commit the result';

describe('configuration docs generated from the schemas', () => {
  it('describes every variable of every schema', () => {
    for (const group of envGroups) {
      for (const v of envVariables(group)) expect(v.description?.trim(), `${group.title}: ${v.name} needs .describe('…')`).toBeTruthy();
    }
  });

  it('keeps .env.example equal to the schemas', () => {
    expect(read('.env.example'), `.env.example is ${regenerate}`).toBe(renderEnvExample());
  });

  it("keeps the README's configuration table equal to the schemas", () => {
    const readme = read('README.md');
    expect(readme, `README.md's configuration table is ${regenerate}`).toBe(withConfigTable(readme));
  });

  it('documents defaults, accepted values and optional variables as the schemas say', () => {
    const table = renderConfigTable();
    expect(table).toContain('| `PORT` | `8080` | HTTP port (0: any free port). Values: 0 to 65535. |');
    expect(table).toContain('| `CONNECTOR` | `mapped` |');
    expect(table).toMatch(/\| `CONNECTOR` .*Values: `mapped`, `grpc`, `star`\. \|/);
    expect(table).toMatch(/\| `GRPC_TLS_CA_FILE` \| — \|/);
    const example = renderEnvExample();
    expect(example).toContain('\n# PORT=8080\n');
    expect(example).toContain('\n# ADAPTER_PORT=50051\n');
    // Every variable line is commented out, so copying the file to .env changes nothing by itself.
    expect(example.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'))).toEqual([]);
  });

  it('writes descriptions as sentences, whether or not the schema ends them with a full stop', () => {
    const group = { title: 'T', readBy: 'tests', schema: z.object({ A: z.string().default('x').describe('No stop') }) };
    expect(renderConfigTable([group])).toContain('| `A` | `x` | No stop. |');
    expect(renderEnvExample([group])).toContain('\n# No stop.\n# A=x\n');
  });

  it('refuses a README without the table markers instead of appending a table somewhere', () => {
    expect(() => withConfigTable('# no markers here')).toThrow(/markers/);
  });
});
