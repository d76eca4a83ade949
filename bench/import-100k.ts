/**
 * Times `admin import` as operators run it (the built CLI, a fresh process each time) on a generated OBP
 * sandbox-import file: one bank, 100,000 fully filled customers, 10,000 STRING attributes (every tenth customer).
 * Each round imports into an empty database, then the same file again (which must change and record nothing).
 * Prints one JSON document: per database and round, wall seconds, the CLI's user and system CPU seconds and its
 * peak RSS (from /usr/bin/time, when installed).
 *
 *   npm run build && npm run bench:import -- [--customers=100000] [--attributes=10000] [--rounds=2]
 *                                            [--database=sqlite,mysql] [--file=PATH (kept)]
 *
 * `mysql` uses TEST_MYSQL_URL (default mysql://root@127.0.0.1:3306/test) and a throw-away database per round.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { selectedBackends } from '../test/support/backends';

const arg = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=') ?? fallback;

const CUSTOMERS = Number(arg('customers', '100000'));
const ATTRIBUTES = Number(arg('attributes', '10000'));
const ROUNDS = Number(arg('rounds', '2'));
const DATABASES = arg('database', 'sqlite,mysql').split(',');
const CLI = path.resolve(__dirname, '../../dist/src/cli/admin.js');
const BANK = 'big.bank';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function customer(i: number) {
  const number = String(1_000_000 + i);
  return {
    customer_number: number,
    bank_id: BANK,
    legal_name: `${['Eveline', 'Felix', 'Ana', 'John', 'Mary'][i % 5]} ${['Tripman', 'Smith', 'Lopez', 'Doe'][i % 4]} ${i}`,
    mobile_phone_number: `+44 07${pad(i % 1000, 3)} ${pad(i % 1_000_000, 6)}`,
    email: `c${i}@big.example`,
    face_image: { url: `https://big.example/faces/${number}.jpg`, date: `2023-${pad(1 + (i % 12))}-01T09:00:00Z` },
    date_of_birth: `${1940 + (i % 60)}-${pad(1 + (i % 12))}-${pad(1 + (i % 28))}`,
    relationship_status: i % 2 ? 'married' : 'single',
    dependants: i % 3,
    dob_of_dependants: Array.from({ length: i % 3 }, (_, k) => `${2000 + k + (i % 20)}-0${1 + k}-15`),
    highest_education_attained: ['Bachelor', 'Master', 'PhD', 'None'][i % 4],
    employment_status: ['employed', 'self-employed', 'retired'][i % 3],
    kyc_status: i % 5 !== 0,
    last_ok_date: `2024-${pad(1 + (i % 12))}-${pad(1 + (i % 28))}T12:00:00Z`,
    credit_rating: { rating: 'ABCD'[i % 4], source: 'Big Credit Agency' },
    credit_limit: { currency: 'GBP', amount: String(1000 * (1 + (i % 10))) },
    title: ['Mr.', 'Ms.', 'Dr.'][i % 3],
    branch_id: `BR${i % 50}`,
    name_suffix: '',
  };
}

function attribute(j: number) {
  const i = (j * 10) % CUSTOMERS;
  const segment = j % 2 === 1;
  return {
    bank_id: BANK,
    customer_number: String(1_000_000 + i),
    name: segment ? 'SEGMENT' : 'SPECIAL_TAX_NUMBER',
    type: 'STRING',
    value: segment ? ['retail', 'premier', 'private'][j % 3] : String(100_000_000 + j),
  };
}

/** Written line by line: the file is never held whole. */
function writeFile(file: string) {
  const fd = fs.openSync(file, 'w');
  const bank = { id: BANK, short_name: 'Big Bank', full_name: 'Big Bank plc', website: 'https://big.example', bank_routing: { scheme: 'BIC', address: 'BIGBGB22' } };
  fs.writeSync(fd, `{"banks":[${JSON.stringify(bank)}],\n"customers":[\n`);
  for (let i = 0; i < CUSTOMERS; i++) fs.writeSync(fd, `${i ? ',\n' : ''}${JSON.stringify(customer(i))}`);
  fs.writeSync(fd, '\n],\n"customer_attributes":[\n');
  for (let j = 0; j < ATTRIBUTES; j++) fs.writeSync(fd, `${j ? ',\n' : ''}${JSON.stringify(attribute(j))}`);
  fs.writeSync(fd, '\n]}\n');
  fs.closeSync(fd);
}

const hasTime = fs.existsSync('/usr/bin/time');

function importOnce(file: string, databaseUrl: string) {
  const command = hasTime ? ['/usr/bin/time', '-v', process.execPath, CLI, 'import', file] : [process.execPath, CLI, 'import', file];
  const started = process.hrtime.bigint();
  const res = spawnSync(command[0]!, command.slice(1), {
    env: { ...process.env, CONNECTOR: 'mapped', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (res.status !== 0) throw new Error(`import failed (${res.status}): ${res.stderr.slice(-2000)}`);
  const field = (label: string) => Number(new RegExp(`${label}: ([\\d.]+)`).exec(res.stderr)?.[1] ?? NaN);
  return {
    wall_s: Number(wall.toFixed(2)),
    ...(hasTime ? { user_s: field('User time \\(seconds\\)'), system_s: field('System time \\(seconds\\)'), peak_rss_mb: Math.round(field('Maximum resident set size \\(kbytes\\)') / 1024) } : {}),
    summary: JSON.parse(res.stdout) as unknown,
  };
}

async function freshDatabase(name: string, dir: string, round: number): Promise<{ url: string; drop(): Promise<void> }> {
  if (name === 'sqlite') {
    const file = path.join(dir, `import-${round}.sqlite`);
    return { url: `sqlite:${file}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  process.env.TEST_DATABASES = 'mysql';
  return selectedBackends()[0]!.create();
}

async function main() {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obp-import-bench-'));
  const file = arg('file', path.join(dir, 'import.json'));
  if (!fs.existsSync(file)) writeFile(file);
  const fileMb = Number((fs.statSync(file).size / 1e6).toFixed(1));
  const results: Record<string, unknown>[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const name of DATABASES) {
        const db = await freshDatabase(name, fs.mkdtempSync(path.join(dir, `${name}-`)), round);
        try {
          results.push({ database: name, round, pass: 'fresh', ...importOnce(file, db.url) });
          results.push({ database: name, round, pass: 're-import', ...importOnce(file, db.url) });
        } finally {
          await db.drop();
        }
      }
    }
  } finally {
    if (!process.argv.some((a) => a.startsWith('--file='))) fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    JSON.stringify(
      { customers: CUSTOMERS, attributes: ATTRIBUTES, file_mb: fileMb, load_average: os.loadavg().map((l) => Number(l.toFixed(2))), results },
      null,
      2,
    ),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
