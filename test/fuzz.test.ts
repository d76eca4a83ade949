/**
 * Generated fuzz tests: every endpoint of the table × mutated paths, queries, bodies and headers, deterministic
 * (seeded; FUZZ_SEED replays another run). Every answer is below 500 and, when it is an error, OBP's
 * {"code","message"}; a refused request changes nothing in the store (a checksum of every table before and after).
 */
import type { Knex } from 'knex';
import { beforeAll, expect, it } from 'vitest';
import type { Endpoint } from '../src/api/endpoint';
import { endpoints } from '../src/api/endpoints';
import { defaultVersion, pathUnder } from '../src/api/versions';
import { roles as roleCatalogue, type RoleName } from '../src/auth/roles';
import { isMysql } from '../src/db/knex';
import {
  allParamValues,
  EXAMPLE_CUSTOMER_NUMBER,
  exampleBody,
  newOwner,
  paramValues,
  pathParams,
  targetUser,
  type Owner,
} from './support/endpoint-world';
import { logIn, loggedInUser, type TestUser } from './support/fixtures';
import { hash, ODD_HEADERS, ODD_PATH_VALUES, ODD_QUERIES, ODD_RAW_BODIES, ODD_VALUES, rng, send, type RawResponse, type Rng } from './support/fuzz';
import { describeEachBackend, type TestService } from './support/service';

const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const route = (e: Endpoint<any>) => `${e.method} ${pathUnder(e, defaultVersion(e))}`;

/** A value that changes whenever any row of any table changes. */
async function snapshot(db: Knex): Promise<string> {
  if (isMysql(db)) {
    const [tables] = (await db.raw('SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()')) as [{ t: string }[]];
    // One round trip: CHECKSUM TABLE reads every row of every table.
    const [sums] = (await db.raw(`CHECKSUM TABLE ${tables.map(() => '??').join(', ')}`, tables.map((t) => t.t))) as [
      { Table: string; Checksum: number }[],
    ];
    return sums.map((r) => `${r.Table}:${r.Checksum}`).join(',');
  }
  const tables = (await db('sqlite_master').where({ type: 'table' }).select('name')).map((r: { name: string }) => r.name);
  const parts: string[] = [];
  for (const table of tables.sort()) {
    const rows = (await db(table).select('*')).map((r: unknown) => JSON.stringify(r)).sort();
    parts.push(`${table}:${rows.length}:${rows.join('\n')}`);
  }
  return parts.join('\n--\n');
}

interface Case {
  description: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

function pathOf(e: Endpoint<any>, values: Record<string, string>, raw: Record<string, string> = {}): string {
  return pathUnder(e, defaultVersion(e))
    .split('/')
    .map((seg) => (raw[seg] !== undefined ? raw[seg] : values[seg] !== undefined ? encodeURIComponent(values[seg]!) : seg))
    .join('/');
}

function mutateBody(r: Rng, body: unknown): { description: string; text: string } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    const v = r.pick(ODD_VALUES)();
    return { description: 'odd body value', text: JSON.stringify(v) };
  }
  const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const changes: string[] = [];
  for (let i = 0, n = 1 + r.int(3); i < n && keys.length > 0; i++) {
    const key = r.pick(keys);
    if (r.chance(0.2)) {
      delete copy[key];
      changes.push(`-${key}`);
    } else {
      const v = r.pick(ODD_VALUES)();
      const inner = copy[key];
      // Reach one level into nested objects (face_image.date, credit_limit.amount, bank_routing.scheme).
      if (inner !== null && typeof inner === 'object' && !Array.isArray(inner) && r.chance(0.5)) {
        const innerKeys = Object.keys(inner);
        const k = r.pick(innerKeys);
        copy[key] = { ...(inner as object), [k]: v };
        changes.push(`${key}.${k}=${JSON.stringify(v)?.slice(0, 30)}`);
      } else {
        copy[key] = v;
        changes.push(`${key}=${JSON.stringify(v)?.slice(0, 30)}`);
      }
    }
  }
  if (r.chance(0.15)) {
    Object.assign(copy, JSON.parse('{"__proto__":{"isAdmin":true},"constructor":"x","extra_field":"y"}'));
    changes.push('+prototype keys');
  }
  return { description: `body ${changes.join(', ')}`, text: JSON.stringify(copy) };
}

describeEachBackend(
  'fuzz: every endpoint × mutated paths, queries, bodies and headers',
  (get) => {
    let s: TestService;
    let world: Owner;
    let values: Record<string, string>;
    let baseValues: Record<string, string>;
    let superUser: TestUser;
    let plain: TestUser;

    beforeAll(async () => {
      s = get();
      world = await newOwner(s, await targetUser(s));
      baseValues = await allParamValues(world);
      const grants = (Object.values(roleCatalogue) as { name: RoleName; requiresBankId: boolean }[]).map((r) => ({
        role: r.name,
        bankId: r.requiresBankId ? world.bankId : '',
      }));
      [superUser, plain] = await Promise.all([loggedInUser(s, grants), loggedInUser(s)]);
      await s.services.connector.createUserCustomerLink(plain.userId, world.customer.customerId, { correlationId: 'fuzz' });
    });

    type Who = 'super' | 'plain' | 'anonymous';
    interface Mutation {
      who?: Who;
      path?: { value: string; raw?: boolean };
      query?: string;
      headers?: Record<string, string>;
      body?: { description: string; text: string };
    }

    /** Each odd path value, query, raw body once (where they apply), then random headers, fields and mixes. */
    function mutations(e: Endpoint<any>, r: Rng): Mutation[] {
      const takesBody = e.method === 'POST' || e.method === 'PUT';
      const list: Mutation[] = [];
      if (pathParams(e).length > 0) for (const path of ODD_PATH_VALUES) list.push({ path });
      if (e.method === 'GET') for (const q of ODD_QUERIES) list.push({ query: q() });
      if (takesBody) {
        for (const text of ODD_RAW_BODIES) list.push({ body: { description: `raw body ${JSON.stringify(text.slice(0, 40))}`, text } });
        for (let i = 0; i < 20; i++) list.push({ body: mutateBody(r, exampleBody(e, world)) });
      }
      for (let i = 0; i < 6; i++) list.push({ headers: r.pick(ODD_HEADERS)() });
      for (let i = 0; i < 6; i++) {
        list.push({
          who: r.pick(['plain', 'anonymous'] as const),
          ...(pathParams(e).length > 0 && r.chance(0.5) ? { path: r.pick(ODD_PATH_VALUES) } : {}),
          ...(r.chance(0.5) ? { query: r.pick(ODD_QUERIES)() } : {}),
          ...(r.chance(0.5) ? { headers: r.pick(ODD_HEADERS)() } : {}),
          ...(takesBody && r.chance(0.7) ? { body: mutateBody(r, exampleBody(e, world)) } : {}),
        });
      }
      return list;
    }

    function toCase(e: Endpoint<any>, m: Mutation, r: Rng): Case {
      const takesBody = e.method === 'POST' || e.method === 'PUT';
      const who = m.who ?? 'super';
      const headers: Record<string, string> = {};
      const parts: string[] = [who];
      if (who !== 'anonymous') headers.DirectLogin = `token=${(who === 'super' ? superUser : plain).auth.token}`;
      if (takesBody) headers['Content-Type'] = 'application/json';
      const raw: Record<string, string> = {};
      const vals = { ...values };
      if (m.path) {
        const name = r.pick(pathParams(e));
        if (m.path.raw) raw[name] = m.path.value;
        else vals[name] = r.chance(0.3) ? `${vals[name]}${m.path.value}` : m.path.value;
        parts.push(`${name}=${JSON.stringify((raw[name] ?? vals[name])!.slice(0, 40))}`);
      }
      let path = pathOf(e, vals, raw);
      if (m.query !== undefined) {
        path += `?${m.query}`;
        parts.push(`?${m.query.slice(0, 60)}`);
      }
      if (m.headers) {
        Object.assign(headers, m.headers);
        parts.push(`headers ${JSON.stringify(m.headers).slice(0, 60)}`);
      }
      let body: string | undefined;
      if (m.body) {
        body = m.body.text;
        parts.push(m.body.description);
      } else if (takesBody) body = JSON.stringify(exampleBody(e, world) ?? {});
      return { description: parts.join('; '), method: e.method, path, headers, body };
    }

    function expectWellFormed(c: Case, res: RawResponse) {
      const context = `${c.method} ${c.path.slice(0, 120)} [${c.description}] → ${res.status} ${res.text.slice(0, 200)}`;
      expect(res.status, context).toBeLessThan(500);
      if (res.status === 204 || res.status === 304) return;
      expect(res.headers['content-type'], context).toMatch(/^application\/json/);
      const body = JSON.parse(res.text);
      if (res.status >= 400) {
        expect(Object.keys(body), context).toEqual(['code', 'message']);
        expect(body.code, context).toBe(res.status);
        expect(body.message, context).toMatch(/^OBP-\d{5}: /);
      }
    }

    for (const e of endpoints) {
      it(route(e), async () => {
        const r = rng(SEED ^ hash(route(e)));
        // Fresh values for this endpoint's parameters, and the customer's number back to the one example bodies name.
        values = { ...baseValues, ...(await paramValues(e, world)) };
        // A body naming a user links or grants to them: a user of its own, so that it is the first such request.
        if (typeof e.body?.example === 'object' && e.body.example !== null && 'user_id' in e.body.example) {
          world = { ...world, targetUserId: await targetUser(s) };
        }
        await s.services.connector.updateCustomerScaData(world.customer.customerId, { customerNumber: EXAMPLE_CUSTOMER_NUMBER }, { correlationId: 'fuzz' });
        // The unchanged example request succeeds: the mutations below start from a request that reaches the handler.
        if (e.readsSession !== false) {
          const c = toCase(e, {}, r);
          const res = await send(s.url, c.method, c.path, c.headers, c.body);
          expect(res.status, `${c.method} ${c.path}: ${res.text.slice(0, 300)}`).toBe(e.successStatus);
        }
        // A refused login records the failed attempt (the lockout counter) by design: it is the one refused write.
        const checkWrites = e.readsSession !== false;
        let before = checkWrites ? await snapshot(s.db) : '';
        let beforeConnector = checkWrites && s.connectorDb !== s.db ? await snapshot(s.connectorDb) : '';
        for (const m of mutations(e, r)) {
          const c = toCase(e, m, r);
          const res = await send(s.url, c.method, c.path, c.headers, c.body);
          expectWellFormed(c, res);
          if (!checkWrites) continue;
          const after = await snapshot(s.db);
          const afterConnector = s.connectorDb !== s.db ? await snapshot(s.connectorDb) : '';
          if (res.status >= 400) {
            const context = `refused ${c.method} ${c.path.slice(0, 120)} [${c.description}] → ${res.status} wrote to the store`;
            expect(after === before && afterConnector === beforeConnector, context).toBe(true);
          }
          before = after;
          beforeConnector = afterConnector;
        }
        // A logout revoked the tokens it was sent with: the next endpoints get fresh ones.
        if (e.endsSession) [superUser, plain] = await Promise.all([superUser, plain].map((u) => logIn(s, u.userId, u.username)));
      });
    }
  },
  { ALLOW_CUSTOMER_FIREHOSE: 'true' },
);
