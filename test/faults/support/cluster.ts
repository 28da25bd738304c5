/**
 * Several Roundtable processes in one test process: each is the real composition root
 * (`start()`: its own store connection, Redis leases, cron coordinator, HTTP server), all on
 * one store and one recording channel, as several instances behind a load balancer.
 */
import type { Running, StartOptions } from '../../../src/main.js';
import { start } from '../../../src/main.js';
import { loadConfig } from '../../../src/config/load-config.js';
import type { Logger } from '../../../src/core/ports.js';
import type { RecordingPort } from '../../support/recording-port.js';
import { consoleAdapter } from './console-adapter.js';
import { TEST_SECRET } from '../../support/server-secret.js';

/** Options of `startCluster`. */
export interface ClusterOptions {
  store: string;
  plansDir: string;
  instances: number;
  port: RecordingPort;
  speed: number;
  logger: Logger;
  start?: Omit<StartOptions, 'logger' | 'loadAdapters'>;
}

/** The instances; `stop()` stops every one still running. */
export interface Cluster {
  instances: Running[];
  stop(): Promise<void>;
}

/** Starts `instances` processes on one store and one channel. */
export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  // One server secret for every instance, as a real deployment shares it: anonymous ballots are keyed alike wherever a click lands.
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    ROUNDTABLE_SECRET: TEST_SECRET,
    ROUNDTABLE_STORE: opts.store,
    ROUNDTABLE_PLANS_DIR: opts.plansDir,
    ROUNDTABLE_ORGANIZERS: 'U-ORG',
    ROUNDTABLE_SPEED: String(opts.speed),
  });
  const instances: Running[] = [];
  for (let i = 0; i < opts.instances; i++) {
    instances.push(
      await start(config, {
        ...opts.start,
        logger: opts.logger,
        loadAdapters: async () => [consoleAdapter(opts.port)],
      }),
    );
  }
  return {
    instances,
    async stop() {
      await Promise.all(instances.map((r) => r.stop()));
    },
  };
}
