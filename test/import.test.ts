import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { startService } from '../src/service';
import { selectedBackends } from './support/backends';
import { ApiClient, uniqueId } from './support/client';
import { loggedInUser } from './support/fixtures';
import type { TestService } from './support/service';

const run = promisify(execFile);
const CLI = path.resolve(__dirname, '../dist/src/cli/admin.js');
const DEMO = path.resolve(__dirname, '../examples/demo-import.json');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obp-import-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cc = { correlationId: 'import-test' };

function writeFile(content: unknown): string {
  const file = path.join(dir, `${uniqueId('import-')}.json`);
  fs.writeFileSync(file, JSON.stringify(content));
  return file;
}

/** A small valid file with its own bank, so tests do not share data. */
function sampleFile(bankId = uniqueId('bank.')) {
  return {
    banks: [{ id: bankId, short_name: 'Sample', full_name: 'Sample Bank', logo: '', website: 'https://sample.example' }],
    customers: [
      { customer_number: '1', bank_id: bankId, legal_name: 'First Customer', email: 'first@example.com' },
      { customer_number: '2', bank_id: bankId, legal_name: 'Second Customer', email: 'second@example.com' },
    ],
    crm_events: [
      { bank_id: bankId, customer: { name: 'First Customer', number: '1' }, category: 'Call', detail: 'Hello', channel: 'Phone', actual_date: '2024-01-01T10:00:00.000Z' },
    ],
    customer_attributes: [{ bank_id: bankId, customer_number: '2', name: 'TIER', value: 'gold' }],
  };
}

// The import is exercised as operators run it: the compiled CLI, one JSON document on stdout.
for (const backend of selectedBackends()) {
  describe(`admin import [${backend.name}]`, () => {
    let s: TestService;
    let databaseUrl: string;
    let dropDb = async () => {};

    async function importFile(file: string, env: Record<string, string> = {}) {
      try {
        const { stdout, stderr } = await run(process.execPath, [CLI, 'import', file], { env: { ...process.env, DATABASE_URL: databaseUrl, ...env } });
        return { code: 0, stdout, stderr };
      } catch (e) {
        const err = e as { code: number; stdout: string; stderr: string };
        return { code: err.code, stdout: err.stdout, stderr: err.stderr };
      }
    }

    const count = async (table: string, where: Record<string, string> = {}) =>
      Number((await s.db(table).where(where).count<{ n: number }[]>({ n: '*' }))[0]!.n);

    beforeAll(async () => {
      if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` (npm test does) first`);
      if (backend.name === 'sqlite') {
        databaseUrl = `sqlite:${path.join(dir, `${uniqueId('db-')}.sqlite`)}`;
      } else {
        const database = await backend.create();
        databaseUrl = database.url;
        dropDb = database.drop;
      }
      const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });
      const running = await startService(config);
      s = { ...running, api: new ApiClient(running.url), backend: backend.name, connectorDb: running.db };
    });

    afterAll(async () => {
      await s?.close();
      await dropDb();
    });

    it('loads the demo file and prints a summary; the data is served by the API', async () => {
      const res = await importFile(DEMO);
      expect(res).toMatchObject({ code: 0, stderr: '' });
      expect(res.stdout).toBe('{"banks":1,"customers":3,"crm_events":3,"customer_attributes":4}\n');

      expect((await s.api.get('/banks/demo.bank.gb')).body).toMatchObject({ id: 'demo.bank.gb', short_name: 'Demo Bank', full_name: 'Demo Bank plc' });

      const user = await loggedInUser(s, [{ role: 'CanGetCrmEvents', bankId: 'demo.bank.gb' }]);
      const events = await s.api.get('/banks/demo.bank.gb/crm-events', user.auth);
      expect(events.status).toBe(200);
      expect(events.body.crm_events.map((e: { id: string }) => e.id)).toEqual(['demo-crm-0003', 'demo-crm-0002', 'demo-crm-0001']);
      expect(events.body.crm_events[1]).toEqual({
        id: 'demo-crm-0002',
        bank_id: 'demo.bank.gb',
        customer_name: 'Felix Smith',
        customer_number: '100002',
        category: 'Meeting',
        detail: 'Business account review',
        channel: 'Branch',
        scheduled_date: '2024-10-03T14:00:00Z',
        actual_date: '2024-10-03T14:05:00Z',
        result: 'Overdraft increase requested',
      });
      expect(events.body.crm_events[2]).toMatchObject({ scheduled_date: null, result: '' });

      const eveline = await s.services.connector.getCustomerByCustomerNumber('100001', 'demo.bank.gb', cc);
      expect(eveline).toMatchObject({
        legalName: 'Eveline Tripman',
        dependents: 2,
        dobOfDependents: [new Date('2014-06-01T00:00:00Z'), new Date('2017-09-15T00:00:00Z')],
        dateOfBirth: new Date('1985-04-12T00:00:00Z'),
        creditLimit: { currency: 'GBP', amount: '5000' },
        kycStatus: true,
      });
      const attributes = await s.services.connector.getCustomerAttributes('demo.bank.gb', eveline!.customerId, cc);
      expect(attributes.map((a) => [a.name, a.attributeType, a.value])).toEqual([
        ['LOYALTY_POINTS', 'INTEGER', '1250'],
        ['SPECIAL_TAX_NUMBER', 'STRING', '123456789'],
      ]);
      // Optional fields are defaulted.
      expect(await s.services.connector.getCustomerByCustomerNumber('100003', 'demo.bank.gb', cc)).toMatchObject({
        mobileNumber: '',
        dateOfBirth: null,
        dependents: 0,
        dobOfDependents: [],
        faceImage: { url: '', date: null },
        creditRating: { rating: '', source: '' },
        title: '',
      });
    });

    it('is idempotent: importing again updates in place, keeping customer ids and adding no rows', async () => {
      const bankId = uniqueId('bank.');
      const file = sampleFile(bankId);
      expect((await importFile(writeFile(file))).code).toBe(0);
      const before = await s.services.connector.getCustomerByCustomerNumber('1', bankId, cc);

      file.customers[0]!.legal_name = 'Renamed Customer';
      file.customer_attributes[0]!.value = 'platinum';
      const again = await importFile(writeFile(file));
      expect(again.code).toBe(0);
      expect(again.stdout).toBe('{"banks":1,"customers":2,"crm_events":1,"customer_attributes":1}\n');

      const after = await s.services.connector.getCustomerByCustomerNumber('1', bankId, cc);
      // Each change took the next place in its customer's history.
      expect(after).toEqual({ ...before, legalName: 'Renamed Customer', version: before!.version + 1 });
      const historyOf = (customerId: string) => s.services.connector.getCustomerHistory(bankId, customerId, { limit: 10, offset: 0 }, cc);
      const first = await historyOf(before!.customerId);
      expect(first.map((h) => [h.sequence, h.entity, h.action, h.operationId])).toEqual([
        [2, 'customer', 'updated', 'admin-import'],
        [1, 'customer', 'created', 'admin-import'],
      ]);
      expect(first[0]!.changes).toEqual({ legal_name: { before: 'First Customer', after: 'Renamed Customer' } });
      const second = (await s.services.connector.getCustomerByCustomerNumber('2', bankId, cc))!;
      const attributeHistory = await historyOf(second.customerId);
      expect(attributeHistory.map((h) => [h.sequence, h.entity, h.action])).toEqual([
        [3, 'customer_attribute', 'updated'],
        [2, 'customer_attribute', 'created'],
        [1, 'customer', 'created'],
      ]);
      expect(attributeHistory[0]!.changes).toEqual({ value: { before: 'gold', after: 'platinum' } });
      // The same file again changes nothing, so it records nothing.
      expect((await importFile(writeFile(file))).code).toBe(0);
      expect(await historyOf(before!.customerId)).toHaveLength(2);
      expect(await historyOf(second.customerId)).toHaveLength(3);
      expect(await count('customers', { bank_id: bankId })).toBe(2);
      // The CRM event has no id in the file: its derived id keeps it single.
      expect(await count('crm_events', { bank_id: bankId })).toBe(1);
      expect((await s.db('customer_attributes').where({ bank_id: bankId })).map((a) => a.value)).toEqual(['platinum']);
    });

    it('with events on, each history record of the import also goes into the outbox, in the same transaction', async () => {
      const bankId = uniqueId('bank.');
      // The broker is not needed to import: the relay of a running service publishes later.
      const res = await importFile(writeFile(sampleFile(bankId)), { EVENTS_AMQP_URL: 'amqp://guest:guest@127.0.0.1:1' });
      expect(res.code).toBe(0);
      const customerIds = (await s.db('customers').where({ bank_id: bankId }).select('customer_id')).map((r) => r.customer_id as string);
      const history = await s.db('customer_history').whereIn('customer_id', customerIds).orderBy('history_id').select('history_id');
      const outbox = await s.db('outbox').whereIn('customer_id', customerIds).orderBy('event_id').select('event_id', 'event');
      expect(history).toHaveLength(3);
      expect(outbox.map((o) => o.event_id)).toEqual(history.map((h) => h.history_id));
      expect(outbox.map((o) => JSON.parse(o.event).data.operation_id)).toEqual(['admin-import', 'admin-import', 'admin-import']);
    });

    it('refuses an invalid record, naming it, and stores nothing', async () => {
      const bankId = uniqueId('bank.');
      const file = sampleFile(bankId) as Record<string, any>;
      file.customers[1].email = 'not-an-email';
      file.crm_events[0].actual_date = '01/02/2024';
      const res = await importFile(writeFile(file));
      expect(res.code).toBe(1);
      expect(res.stdout).toBe('');
      expect(res.stderr).toContain('customers[1].email: not an email address');
      expect(res.stderr).toContain("crm_events[0].actual_date: expected yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
      expect(await count('banks', { bank_id: bankId })).toBe(0);
    });

    it('rolls everything back when a record fails after others were written', async () => {
      const bankId = uniqueId('bank.');
      const file = sampleFile(bankId);
      file.customer_attributes.push({ bank_id: bankId, customer_number: '99', name: 'TIER', value: 'x' });
      const res = await importFile(writeFile(file));
      expect(res.code).toBe(1);
      expect(res.stdout).toBe('');
      expect(res.stderr).toContain(`customer_attributes[1].customer_number: no customer "99" at bank "${bankId}"`);
      expect(await count('banks', { bank_id: bankId })).toBe(0);
      expect(await count('customers', { bank_id: bankId })).toBe(0);
      expect(await count('crm_events', { bank_id: bankId })).toBe(0);
    });

    it('refuses references to unknown banks, duplicates and badly typed attribute values', async () => {
      const cases: [Record<string, any>, string][] = [
        [{ customers: [{ customer_number: '1', bank_id: 'no.such.bank', legal_name: 'X' }] }, 'customers[0].bank_id: no bank "no.such.bank" in the file or the store'],
        [{ ...sampleFile('dup.bank.x'), banks: [sampleFile('dup.bank.x').banks[0], sampleFile('dup.bank.x').banks[0]] }, 'banks[1]: same id as banks[0]'],
        [{ ...sampleFile(), customer_attributes: [{ bank_id: 'b', customer_number: '1', name: 'N', type: 'INTEGER', value: '1.5' }] }, 'customer_attributes[0].value: not an INTEGER'],
        [{ banks: [{ id: 'bad bank id', short_name: 'x', full_name: 'x' }] }, 'banks[0].id:'],
        [[], 'the file must hold a JSON object'],
      ];
      for (const [content, message] of cases) {
        const res = await importFile(writeFile(content));
        expect(res.code, message).toBe(1);
        expect(res.stderr).toContain(message);
      }
      const invalidJson = path.join(dir, 'invalid.json');
      fs.writeFileSync(invalidJson, '{"banks": [');
      expect((await importFile(invalidJson)).stderr).toContain('is not valid JSON');
      expect(await count('banks', { bank_id: 'dup.bank.x' })).toBe(0);
    });

    it('warns about OBP sandbox sections it does not import and loads the rest', async () => {
      const bankId = uniqueId('bank.');
      const res = await importFile(writeFile({ ...sampleFile(bankId), users: [{ email: 'a@b.c', password: 'x', user_name: 'a' }], accounts: [] }));
      expect(res.code).toBe(0);
      expect(res.stderr).toContain('ignored sections this service does not import: users, accounts');
      expect(await count('customers', { bank_id: bankId })).toBe(2);
    });

    it('streams a large file, reporting progress on stderr and only the summary on stdout', async () => {
      const bankId = uniqueId('bank.');
      const file = path.join(dir, `${uniqueId('large-')}.json`);
      const out = fs.createWriteStream(file);
      out.write(`{"banks":[{"id":"${bankId}","short_name":"L","full_name":"Large","logo":"","website":""}],"customers":[`);
      for (let i = 0; i < 10_001; i++) out.write(`${i ? ',' : ''}{"customer_number":"${i}","bank_id":"${bankId}","legal_name":"C ${i}"}`);
      out.write('],"users":[],"accounts":{"nested":[1,2]}}');
      await new Promise((resolve) => out.end(resolve));
      const res = await importFile(file);
      expect(res.code).toBe(0);
      expect(JSON.parse(res.stdout)).toEqual({ banks: 1, customers: 10_001, crm_events: 0, customer_attributes: 0 });
      expect(res.stderr.split('\n')).toEqual(
        expect.arrayContaining([
          'read 10000 records',
          'ignored sections this service does not import: users, accounts',
          'stored 10000/10001 customers',
          'stored 10001/10001 customers',
        ]),
      );
      expect(await count('customers', { bank_id: bankId })).toBe(10_001);
    });

    it('refuses a file that is not one JSON object, or a section that is not an array', async () => {
      for (const [content, message] of [
        ['[1,2]', 'the file must hold a JSON object'],
        ['{"banks":[]} {"more":1}', 'is not valid JSON'],
        ['{"banks":{"id":"x"}}', 'banks: expected an array'],
        ['{"customers":[{"bank_id":"b"', 'is not valid JSON'],
      ]) {
        const file = path.join(dir, `${uniqueId('bad-')}.json`);
        fs.writeFileSync(file, content!);
        const res = await importFile(file);
        expect(res.code, content).toBe(1);
        expect(res.stderr).toContain(message);
      }
    });

    it('refuses to import with CONNECTOR=grpc, where the customers live behind the adapter', async () => {
      const bankId = uniqueId('bank.');
      try {
        await run(process.execPath, [CLI, 'import', writeFile(sampleFile(bankId))], {
          env: { ...process.env, DATABASE_URL: databaseUrl, CONNECTOR: 'grpc' },
        });
        expect.unreachable('the import should have been refused');
      } catch (e) {
        const err = e as { code: number; stdout: string; stderr: string };
        expect(err.code).toBe(1);
        expect(err.stdout).toBe('');
        expect(err.stderr).toContain("CONNECTOR=grpc reads customers from the core banking adapter");
        expect(err.stderr).toContain("DATABASE_URL set to the adapter's database");
      }
      expect(await count('banks', { bank_id: bankId })).toBe(0);
    });
  });
}
