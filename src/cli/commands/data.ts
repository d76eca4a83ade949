import { ImportError } from '../../connector/mapped/import';
import { migrateLatest } from '../../db/migrate';
import { required, UsageError, type Command } from '../command';
import { importFromFile } from '../import';
import { historyRecordJson } from '../../api/endpoints/customer-history';
import { createConnector } from '../../connector/select';

export const dataCommands: Record<string, Command> = {
  migrate: {
    summary: "Applies pending migrations to DATABASE_URL's schema",
    usage: 'migrate',
    options: [],
    autoMigrate: false,
    run: async ({ db }) => ({ applied: await migrateLatest(db) }),
  },

  import: {
    summary: 'Loads an OBP sandbox-import JSON file (banks, customers, CRM events, attributes) into the mapped store',
    usage: 'import FILE.json',
    options: [],
    positionals: ['file'],
    async run({ db, opts, config, progress }) {
      // With CONNECTOR=grpc or star the customers live behind the adapter: rows written here would be read by nobody.
      if (config.CONNECTOR !== 'mapped') {
        throw new UsageError(
          `import writes the mapped store, and CONNECTOR=${config.CONNECTOR} reads customers from the core banking adapter. ` +
            "Load the data into the adapter's side instead: for the reference adapter, run this command with " +
            "DATABASE_URL set to the adapter's database and CONNECTOR=mapped (see README, Loading demo data).",
        );
      }
      try {
        return await importFromFile(db, required(opts, 'file'), progress, { outbox: Boolean(config.EVENTS_AMQP_URL) });
      } catch (e) {
        if (e instanceof ImportError) throw new UsageError(`import failed, nothing was stored: ${e.message}`);
        throw e;
      }
    },
  },

  'customer-history': {
    summary: "Prints a customer's change history, newest first (as GET …/customers/CUSTOMER_ID/history), through the connector",
    usage: 'customer-history --bank-id BANK_ID --customer-id CUSTOMER_ID [--limit N] [--offset N]',
    options: ['bank-id', 'customer-id', 'limit', 'offset'],
    async run({ db, opts, config }) {
      const number = (name: string, fallback: number, min: number) => {
        const raw = opts[name];
        if (raw === undefined) return fallback;
        if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw) || Number(raw) < min) throw new UsageError(`--${name}: a whole number from ${min}`);
        return Number(raw);
      };
      const page = { limit: number('limit', 50, 1), offset: number('offset', 0, 0) };
      // Through the configured connector, so that with CONNECTOR=grpc the adapter's store answers.
      const connector = createConnector(config, db);
      try {
        const cc = { correlationId: `admin-${Date.now()}`, operationId: 'admin-customer-history' };
        const records = await connector.getCustomerHistory(required(opts, 'bank-id'), required(opts, 'customer-id'), page, cc);
        return { customer_history: records.map(historyRecordJson) };
      } finally {
        await connector.close();
      }
    },
  },
};
