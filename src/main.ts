import { gitCommit } from './build-info';
import { ConfigError, loadConfig, type Config } from './config';
import { createLogger, rootLogger, safeError } from './observability/log';
import { startService } from './service';

/** Start-up failures are not request data: their first line helps the operator and names no customer. */
function fatal(message: string, e: unknown, code: number): never {
  const first = e instanceof Error ? e.message.split('\n')[0]!.slice(0, 500) : String(e);
  rootLogger().fatal({ err: safeError(e), reason: first }, message);
  process.exit(code);
}

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    // No configured logger yet: the message names the variables, never their values.
    createLogger({ level: 'fatal' }).fatal({ problems: e.message.split('\n').slice(1).map((l) => l.trim()) }, 'invalid configuration');
    process.exit(2);
  }
  config.GIT_COMMIT ||= gitCommit();
  const service = await startService(config);
  const log = rootLogger();
  log.info(
    { url: `${service.url}/obp/v3.1.0/root`, connector: service.services.connector.name, metrics_url: service.metricsUrl },
    'OBP customer API listening',
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, grace_ms: config.SHUTDOWN_GRACE_MS }, 'shutting down');
    // Whatever clients or back ends do, the process is gone when the grace period is.
    setTimeout(() => fatal('shutdown grace period exceeded', new Error('grace period exceeded'), 1), config.SHUTDOWN_GRACE_MS).unref();
    service.close().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (e: unknown) => fatal('shutdown failed', e, 1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

process.on('unhandledRejection', (e) => fatal('unhandled rejection', e, 1));
process.on('uncaughtException', (e) => fatal('uncaught exception', e, 1));

main().catch((e: unknown) => fatal('failed to start', e, 1));
