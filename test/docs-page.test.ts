/**
 * The /docs page in a real browser: Debian's chromium (`apt-get install -y chromium`; .ci/run installs it) driven by
 * playwright-core, which downloads no browser of its own.
 */
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationId } from '../src/api/endpoint';
import { endpoints } from '../src/api/endpoints';
import { selectEndpoints } from '../src/api/docs';
import { pathUnder } from '../src/api/versions';
import { selectedBackends } from './support/backends';
import { startTestService, type TestService } from './support/service';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

let service: TestService;
let browser: Browser;
let page: Page;
let base: string;
const browserErrors: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  // No HOSTNAME_URL: it defaults to http://localhost:<the port the service got>, where "Try it out" must land.
  service = await startTestService(selectedBackends()[0]!, { HOSTNAME_URL: '' });
  base = `http://localhost:${new URL(service.url).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') browserErrors.push(m.text());
  });
  page.on('pageerror', (e) => browserErrors.push(e.message));
  await page.goto(`${base}/docs`);
  await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await service?.close();
});

describe('/docs in headless Chromium', () => {
  it('serves the page from the package, under a Content-Security-Policy, at the listening port', async () => {
    expect(page.url()).toBe(`${base}/docs/`);
    expect(await page.title()).toBe('OBP-compatible Customer API');
    const res = await fetch(`${base}/docs/`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${base}/docs/swagger-ui-bundle.js`)).status).toBe(200);
    // Only the files the page needs are reachable, not the rest of the package.
    expect((await fetch(`${base}/docs/package.json`)).status).toBe(404);
    expect((await fetch(`${base}/docs/../package.json`)).status).toBe(404);
    const doc = (await service.api.get('/resource-docs/v3.1.0/openapi')).body;
    expect(doc.servers).toEqual([{ url: base }]);
  });

  it('lists every operation of the endpoint table', async () => {
    const shown = await page.locator('.opblock').evaluateAll((blocks) =>
      blocks.map((b) => {
        const method = b.querySelector('.opblock-summary-method')?.textContent?.trim() ?? '';
        const path = b.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '';
        const id = b.querySelector('.opblock-summary-operation-id')?.textContent?.trim() ?? '';
        return `${method} ${path} ${id}`;
      }),
    );
    // The v3.1.0 document is shown first; the top bar offers the other versions'.
    const expected = selectEndpoints(endpoints, 'v3.1.0').map((e) => {
      const path = pathUnder(e, 'v3.1.0').replace(/\/([A-Z][A-Z0-9_]*)(?=\/|$)/g, '/{$1}');
      return `${e.method} ${path} ${operationId(e)}`;
    });
    expect([...new Set(shown)].sort()).toEqual(expected.sort());
  });

  it('sends a GET tried from the page to the service and shows its 200', async () => {
    const block = page.locator('.opblock.opblock-get', { has: page.locator('[data-path="/obp/v3.1.0/root"]') }).first();
    await block.locator('.opblock-summary').first().click();
    await block.locator('.try-out__btn').click();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${base}/obp/v3.1.0/root`),
      block.locator('.execute').click(),
    ]);
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ version: 'v3.1.0', connector: 'mapped' });
    await expect.poll(() => block.locator('.live-responses-table tbody .response-col_status').first().textContent()).toContain('200');
  });

  it("offers every version's document in its top bar, and shows the one chosen", async () => {
    const select = page.locator('.topbar select');
    const options = await select.locator('option').allTextContents();
    expect(options).toEqual(['v5.1.0', 'v5.0.0', 'v4.0.0', 'v3.1.0', 'v3.0.0', 'v2.2.0', 'v2.1.0', 'v2.0.0', 'v1.4.0', 'v1.3.0', 'v1.2.1']);
    expect(await select.inputValue()).toContain('/resource-docs/v3.1.0/openapi');
    await select.selectOption({ label: 'v4.0.0' });
    await expect.poll(() => page.locator('[data-path="/obp/v4.0.0/users/{USER_ID}/entitlements"]').count()).toBeGreaterThan(0);
    const ids = await page.locator('.opblock-summary-operation-id').allTextContents();
    expect(ids).toContain('OBPv4.0.0-getEntitlements');
    expect(ids).not.toContain('OBPv3.1.0-createCustomer');
  });

  it('runs without a script error or a Content-Security-Policy violation', () => {
    expect(browserErrors).toEqual([]);
  });
});
