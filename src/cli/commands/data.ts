import { ImportError } from '../../connector/mapped/import';
import { migrateLatest } from '../../db/migrate';
import { required, UsageError, type Command } from '../command';
import { importFromFile } from '../import';

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
        return await importFromFile(db, required(opts, 'file'), progress);
      } catch (e) {
        if (e instanceof ImportError) throw new UsageError(`import failed, nothing was stored: ${e.message}`);
        throw e;
      }
    },
  },
};
