import { pino } from 'pino';
import { startServer } from './app.js';
import { type ServerConfig, readConfig } from './config.js';

// Entry point: `node server/dist/main.js`, configured by PORT, HOST, DATA_DIR and friends.
let config: ServerConfig;
try {
  config = readConfig();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
const log = pino({ level: config.logLevel });

try {
  const server = await startServer({ ...config, logger: log });
  // Scripts and tests read the port from this line (PORT=0 picks a free one).
  log.info({ port: server.port, url: server.url, dataDir: config.dataDir }, 'listening');

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    // 1012 tells clients the server is restarting, so they reconnect.
    server.close(1012).then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'could not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (error) {
  log.fatal({ err: error }, 'could not start');
  process.exit(1);
}
