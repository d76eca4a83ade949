/** `npm run config:docs`: rewrites .env.example and the README's configuration table from the schemas. */
import fs from 'node:fs';
import path from 'node:path';
import { renderEnvExample, withConfigTable } from '../src/env-docs';
import { findPackageRoot } from '../src/connector/grpc/proto';

const root = findPackageRoot();
const readme = path.join(root, 'README.md');
fs.writeFileSync(path.join(root, '.env.example'), renderEnvExample());
fs.writeFileSync(readme, withConfigTable(fs.readFileSync(readme, 'utf8')));
console.log('wrote .env.example and the configuration table in README.md');
