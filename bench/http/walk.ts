/** The whole-bank walk of `npm run bench:http`: every firehose page of 500, in order, one request at a time. */

const PAGE = 500;

async function page(origin: string, headers: Record<string, string>, offset: number): Promise<number> {
  const t = performance.now();
  const res = await fetch(`${origin}/obp/v3.1.0/banks/bench.bank/firehose/customers?limit=${PAGE}&offset=${offset}`, { headers });
  const body = (await res.json()) as { customers?: unknown[] };
  if (res.status !== 200 || !body.customers) throw new Error(`walk at offset ${offset}: HTTP ${res.status}`);
  return performance.now() - t;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => Math.round(x * 10) / 10;

export async function walk(origin: string, headers: Record<string, string>, customers: number) {
  const started = performance.now();
  const times: number[] = [];
  for (let offset = 0; offset < customers; offset += PAGE) times.push(await page(origin, headers, offset));
  const total = performance.now() - started;
  const lastOffset = Math.floor((customers - 1) / PAGE) * PAGE;
  // The first and last pages again, five times each, alternated: one slow sample does not decide the ratio.
  const first: number[] = [];
  const last: number[] = [];
  for (let i = 0; i < 5; i++) {
    first.push(await page(origin, headers, 0));
    last.push(await page(origin, headers, lastOffset));
  }
  return {
    pages: times.length,
    total_ms: Math.round(total),
    first_page_ms: ms(median(first)),
    last_page_ms: ms(median(last)),
    slowest_page_ms: ms(Math.max(...times)),
    last_vs_first: Math.round((median(last) / median(first)) * 100) / 100,
  };
}
