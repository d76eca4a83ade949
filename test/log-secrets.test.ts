/**
 * Nothing secret or personal in any log line, on the failure paths where it is most likely to leak: database
 * writes of users, tokens and customers forced to fail (a trigger that refuses the row; on MySQL its error
 * message even quotes the row's secret columns, as duplicate-key messages quote values). Every line is captured
 * at the most verbose level and scanned.
 */
import { describe, expect, it } from 'vitest';
import { digest } from '../src/auth/tokens';
import { createBank, createConsumer, createCustomerDirect, loggedInUser, STRONG_PASSWORD } from './support/fixtures';
import { postCustomerBody } from './support/customers';
import { LogCapture } from './support/log-capture';
import { describeEachBackend, type TestService } from './support/service';

const logs = new LogCapture();

/** Makes every `event` (INSERT or UPDATE) on `table` fail; on MySQL the error message quotes `quoted`. */
async function failWrites(s: TestService, table: string, event: 'INSERT' | 'UPDATE', quoted: string): Promise<() => Promise<void>> {
  const name = `fail_${table}_${event.toLowerCase()}`;
  if (s.backend === 'mysql') {
    await s.db.raw(`CREATE TRIGGER ${name} BEFORE ${event} ON ${table} FOR EACH ROW BEGIN
      DECLARE m VARCHAR(128);
      SET m = LEFT(CONCAT('refused: ', ${quoted}), 128);
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = m;
    END`);
  } else {
    await s.db.raw(`CREATE TRIGGER ${name} BEFORE ${event} ON ${table} BEGIN SELECT RAISE(ABORT, 'refused'); END`);
  }
  return async () => {
    await s.db.raw(`DROP TRIGGER ${name}`);
  };
}

/** Every line since `mark`: all JSON, none containing any of `secrets` (plain strings or patterns). */
function expectCleanLines(mark: number, secrets: (string | RegExp)[]) {
  const lines = logs.lines.slice(mark);
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    expect(() => JSON.parse(line), line).not.toThrow();
    for (const secret of secrets) {
      if (typeof secret === 'string') expect(line, `a log line contains ${secret}`).not.toContain(secret);
      else expect(line).not.toMatch(secret);
    }
  }
  // The failure was logged (class and code), not swallowed.
  const errors = logs.since(mark).filter((l) => l.level === 'error');
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) expect(e.err).toMatchObject({ class: expect.any(String), code: expect.stringMatching(/^(ER_SIGNAL_EXCEPTION|SQLITE_CONSTRAINT_TRIGGER)$/) });
}

const DIGEST = /\b[0-9a-f]{64}\b/;
const PASSWORD_HASH = /scrypt\$/;
const TOKEN = /eyJ[\w-]+\.eyJ/;

describeEachBackend(
  'No secrets or personal data in logs when writes fail',
  (get) => {
    it('a user that cannot be stored: no password, hash, username, names or email', async () => {
      const s = get();
      const undo = await failWrites(s, 'users', 'INSERT', 'NEW.password_hash');
      const mark = logs.lines.length;
      try {
        const res = await s.api.post('/users', {
          email: 'hidden.person@example.com',
          username: 'hidden.person',
          password: 'Sup3r-Secret-Passw0rd!',
          first_name: 'Hiddenfirst',
          last_name: 'Hiddenlast',
        });
        expect(res.status).toBe(500);
      } finally {
        await undo();
      }
      expectCleanLines(mark, ['Sup3r-Secret-Passw0rd!', 'hidden.person', 'Hiddenfirst', 'Hiddenlast', PASSWORD_HASH]);
    });

    it('a token that cannot be stored: no token, digest, password or username', async () => {
      const s = get();
      const consumer = await createConsumer(s);
      const user = await loggedInUser(s);
      const undo = await failWrites(s, 'direct_login_tokens', 'INSERT', 'NEW.token_hash');
      const mark = logs.lines.length;
      try {
        const res = await s.api.request('POST', '/my/logins/direct', {
          headers: { DirectLogin: `username=${user.username}, password=${STRONG_PASSWORD}, consumer_key=${consumer.key}` },
        });
        expect(res.status).toBe(500);
      } finally {
        await undo();
      }
      expectCleanLines(mark, [STRONG_PASSWORD, user.username, consumer.key, DIGEST, TOKEN]);
    });

    it('a failed login that cannot be counted: no password tried, no stored hash', async () => {
      const s = get();
      const user = await loggedInUser(s);
      const consumer = await createConsumer(s);
      const { password_hash: hash } = await s.db('users').where({ user_id: user.userId }).first();
      const undo = await failWrites(s, 'users', 'UPDATE', 'NEW.password_hash');
      const mark = logs.lines.length;
      try {
        const res = await s.api.request('POST', '/my/logins/direct', {
          headers: { DirectLogin: `username=${user.username}, password=Wr0ng-Guess-Passw0rd!, consumer_key=${consumer.key}` },
        });
        expect(res.status).toBe(500);
      } finally {
        await undo();
      }
      expectCleanLines(mark, ['Wr0ng-Guess-Passw0rd!', hash, hash.split('$').pop()!, user.username, PASSWORD_HASH]);
    });

    it('a token that cannot be looked up: neither the token nor its digest', async () => {
      const s = get();
      const user = await loggedInUser(s);
      await s.db.schema.renameTable('direct_login_tokens', 'tokens_moved_away');
      const mark = logs.lines.length;
      try {
        const res = await s.api.get('/users/current', user.auth);
        expect(res.status).toBe(500);
      } finally {
        await s.db.schema.renameTable('tokens_moved_away', 'direct_login_tokens');
      }
      const lines = logs.lines.slice(mark);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        expect(line).not.toContain(user.auth.token);
        expect(line).not.toContain(digest(user.auth.token));
      }
      expect(logs.since(mark).some((l) => l.level === 'error' && l.err?.class)).toBe(true);
    });

    it('a customer that cannot be stored or changed: no name, email, phone or date of birth', async () => {
      const s = get();
      const bankId = await createBank(s);
      const admin = await loggedInUser(s, [
        { role: 'CanCreateCustomer', bankId },
        { role: 'CanUpdateCustomerEmail', bankId },
      ]);
      const personal = {
        legal_name: 'Wilhelmina Quarrington',
        email: 'wilhelmina.q@example.org',
        mobile_phone_number: '+44 7700 900123',
        date_of_birth: '1987-03-14T00:00:00Z',
      };
      const undoInsert = await failWrites(s, 'customers', 'INSERT', "CONCAT(NEW.legal_name, '|', NEW.email, '|', NEW.mobile_number)");
      let mark = logs.lines.length;
      try {
        const res = await s.api.post(`/banks/${bankId}/customers`, postCustomerBody(personal), admin.auth);
        expect(res.status).toBe(500);
      } finally {
        await undoInsert();
      }
      const secrets = ['Wilhelmina', 'Quarrington', 'wilhelmina.q', '7700 900123', '1987-03-14', String(Date.parse(personal.date_of_birth))];
      expectCleanLines(mark, secrets);

      const customer = await createCustomerDirect(s, bankId, { legalName: 'Wilhelmina Quarrington', email: 'wilhelmina.q@example.org' });
      const undoUpdate = await failWrites(s, 'customers', 'UPDATE', "CONCAT(NEW.legal_name, '|', NEW.email)");
      mark = logs.lines.length;
      try {
        const res = await s.api.put(`/banks/${bankId}/customers/${customer.customerId}/email`, { email: 'new.address.q@example.org' }, admin.auth);
        expect(res.status).toBe(500);
      } finally {
        await undoUpdate();
      }
      expectCleanLines(mark, [...secrets, 'new.address.q']);
    });
  },
  { LOG_LEVEL: 'trace' },
  { logDestination: logs },
);

describe('the log capture itself', () => {
  it('saw every backend write JSON lines', () => {
    expect(logs.lines.length).toBeGreaterThan(0);
    for (const line of logs.lines) expect(() => JSON.parse(line)).not.toThrow();
  });
});
