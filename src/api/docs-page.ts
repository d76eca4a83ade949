/**
 * GET /docs: the OpenAPI documents rendered by Swagger UI (one per API version, chosen in its top bar), served from the
 * swagger-ui-dist package (no CDN, no inline script, so a strict Content-Security-Policy holds). "Try it out" calls
 * the API at HOSTNAME_URL.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Koa from 'koa';

const PREFIX = '/docs';

/** The files of swagger-ui-dist the page loads; nothing else of the package is reachable. */
const PACKAGE_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const indexHtml = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>OBP-compatible Customer API</title>
  <link rel="stylesheet" href="swagger-ui.css">
  <link rel="icon" type="image/png" href="favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="swagger-ui-bundle.js"></script>
  <script src="swagger-ui-standalone-preset.js"></script>
  <script src="init.js"></script>
</body>
</html>
`;

/** One OpenAPI document the page offers: its name in the top bar and where it is served. */
export interface DocsPageDocument {
  name: string;
  url: string;
}

const initJs = (documents: DocsPageDocument[], primary: string) => `window.ui = SwaggerUIBundle({
  urls: ${JSON.stringify(documents)},
  'urls.primaryName': ${JSON.stringify(primary)},
  dom_id: '#swagger-ui',
  deepLinking: true,
  displayOperationId: true,
  filter: true,
  persistAuthorization: false,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
});
`;

interface Asset {
  body: Buffer | string;
  type: string;
}

let packageDir: string | undefined;
const packageFile = (name: string): Buffer => {
  packageDir ??= path.dirname(require.resolve('swagger-ui-dist/package.json'));
  return fs.readFileSync(path.join(packageDir, name));
};

/**
 * Serves the page. `documents` are the OpenAPI documents offered, `primary` the name of the one shown first;
 * `apiOrigin` (HOSTNAME_URL's origin) is where "Try it out" sends requests, which the page's Content-Security-Policy
 * allows besides its own origin.
 */
export function docsPage(options: { documents: DocsPageDocument[]; primary: string; apiOrigin: string }): Koa.Middleware {
  const assets = new Map<string, Asset>([
    ['', { body: indexHtml, type: 'text/html; charset=utf-8' }],
    ['init.js', { body: initJs(options.documents, options.primary), type: 'text/javascript; charset=utf-8' }],
  ]);
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    // Swagger UI sets style attributes from script.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ${options.apiOrigin}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

  // Not async: every API request passes through here on its way to the router.
  return (ctx, next) => {
    if (ctx.path !== PREFIX && !ctx.path.startsWith(`${PREFIX}/`)) return next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path === PREFIX) {
      // Relative asset URLs resolve under /docs/ only.
      ctx.status = 301;
      ctx.redirect('docs/');
      return Promise.resolve();
    }
    const name = ctx.path.slice(PREFIX.length + 1);
    let asset = assets.get(name);
    if (!asset && Object.hasOwn(PACKAGE_FILES, name)) {
      asset = { body: packageFile(name), type: PACKAGE_FILES[name]! };
      assets.set(name, asset);
    }
    if (!asset) return next();
    ctx.set('Content-Security-Policy', csp);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Cache-Control', name === '' ? 'no-cache' : 'public, max-age=3600');
    ctx.type = asset.type;
    ctx.body = asset.body;
    return Promise.resolve();
  };
}
