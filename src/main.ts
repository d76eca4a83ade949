import { gitCommit } from './build-info';
import { ConfigError, loadConfig } from './config';
import { startService } from './service';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  config.GIT_COMMIT ||= gitCommit();
  const quiet = config.LOG_LEVEL === 'silent';
  const log = (message: string, error?: unknown) => {
    if (quiet) return;
    if (error === undefined) console.log(message);
    else console.error(message, error);
  };
  const service = await startService(config, log);
  log(`OBP customer API listening on ${service.url}/obp/v3.1.0/root (connector: ${service.services.connector.name})`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received, shutting down`);
    await service.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  console.error('failed to start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
