#!/usr/bin/env node
/**
 * Runs after `buf generate` (npm run generate). ts-proto converts a Date to a google.protobuf.Timestamp with
 * Math.trunc and `%`, which gives negative `nanos` for instants before 1970 that have milliseconds. timestamp.proto
 * requires nanos from 0 to 999,999,999 (seconds floored), and other languages' libraries refuse such a value, so
 * an adapter written in Java or Go would fail on a pre-1970 date of birth sent with milliseconds. This rewrites
 * the two lines, and fails the build if the generator's output no longer has them.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const generated = path.join(__dirname, '..', 'src', 'generated');
const truncated = [
  '  const seconds = Math.trunc(date.getTime() / 1_000);\n  const nanos = (date.getTime() % 1_000) * 1_000_000;\n',
  '  const seconds = Math.floor(date.getTime() / 1_000);\n  const nanos = (date.getTime() - seconds * 1_000) * 1_000_000;\n',
];

function* tsFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* tsFiles(file);
    else if (entry.name.endsWith('.ts')) yield file;
  }
}

for (const file of tsFiles(generated)) {
  const source = fs.readFileSync(file, 'utf8');
  if (!source.includes('function toTimestamp(date: Date): Timestamp {')) continue;
  if (!source.includes(truncated[0])) {
    console.error(`${path.relative(process.cwd(), file)}: toTimestamp changed shape; review scripts/patch-generated.js`);
    process.exit(1);
  }
  fs.writeFileSync(file, source.replace(truncated[0], truncated[1]));
}
