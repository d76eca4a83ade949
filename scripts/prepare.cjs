// npm runs `prepare` on every `npm ci` and `npm install` of this project. A development install builds dist/ here,
// so that `npm ci && npm start` works on a fresh clone. A production install (`npm ci --omit=dev`) has no
// TypeScript: it runs the dist/ a build step made (see the Dockerfile), so there is nothing to do.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
} catch {
  if (!fs.existsSync(path.join(root, 'dist', 'src', 'main.js'))) {
    console.warn('prepare: TypeScript is not installed and dist/ is missing: build with `npm ci && npm run build` first.');
  }
  process.exit(0);
}
// `npm run build` generates the gRPC types from proto/ before compiling; npm_execpath is the npm running us.
const npm = process.env.npm_execpath;
if (npm) execFileSync(process.execPath, [npm, 'run', '--silent', 'build'], { stdio: 'inherit', cwd: root });
else execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit', cwd: root });
