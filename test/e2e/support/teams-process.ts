/**
 * A whole Roundtable process on Teams for tests: the real `start(loadConfig(env))` with
 * `ROUNDTABLE_TEAMS_INSECURE_LOCAL=1`, talking to the Bot Connector stand-in (which
 * validates every activity and card and enforces Teams' rate limits), a temporary SQLite
 * store, and every log line kept (to check no secret ever reaches it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config/load-config.js';
import { start, type Running } from '../../../src/main.js';
import { createLogger } from '../../../src/infra/logger.js';
import type { TeamsAdapter } from '../../../src/adapters/teams/create-teams-adapter.js';
import { startConnectorStandin, type BotReply, type ConnectorStandin } from '../../support/teams/connector-standin.js';
import type { TeamsActivity } from '../../support/teams/teams-activities.js';
import { logSink } from '../../support/log-sink.js';
import { TEST_SECRET } from '../../support/server-secret.js';

/** The public address the process makes export links for (`ROUNDTABLE_PUBLIC_URL`). */
export const PUBLIC_URL = 'https://roundtable.example.gc.ca';

/** A running process and its stand-in Teams. */
export interface TeamsProcess {
  standin: ConnectorStandin;
  running: Running;
  adapter: TeamsAdapter;
  /** The messaging endpoint of the process. */
  botUrl: string;
  /** Where the SQLite store lives (read it after `stop`). */
  storeUrl: string;
  logs: string[];
  /** `url`, made for `PUBLIC_URL`, on the process's own HTTP server. */
  localUrl(url: string): string;
  /** Delivers an activity as Teams would (recorded in the stand-in first). */
  deliver(activity: TeamsActivity): Promise<BotReply>;
  /** Resolves when the process has handled everything delivered and sent everything it queued. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the stand-in, lets `setup` add teams and people, then starts Roundtable connected to it. */
export async function startTeamsProcess(opts: {
  speed: number;
  organizers: string;
  setup(standin: ConnectorStandin): void;
  specsDir: string;
}): Promise<TeamsProcess> {
  const standin = await startConnectorStandin({ specsDir: opts.specsDir });
  opts.setup(standin);
  const dir = mkdtempSync(path.join(tmpdir(), 'rt-teams-'));
  const storeUrl = `sqlite://${path.join(dir, 'rt.sqlite')}`;
  const { lines: logs, sink } = logSink();
  const config = loadConfig({
    PORT: '0',
    ROUNDTABLE_TEAMS_INSECURE_LOCAL: '1',
    ROUNDTABLE_SECRET: TEST_SECRET,
    ROUNDTABLE_SPEED: String(opts.speed),
    ROUNDTABLE_STORE: storeUrl,
    ROUNDTABLE_PLANS_DIR: 'chats',
    ROUNDTABLE_ORGANIZERS: opts.organizers,
    ROUNDTABLE_PUBLIC_URL: PUBLIC_URL,
    LOG_LEVEL: 'debug',
  });
  const running = await start(config, { handleSignals: false, logger: createLogger('debug', sink) });
  const adapter = running.adapters.find((a) => a.platform === 'teams') as TeamsAdapter | undefined;
  if (!adapter) throw new Error('The process started without its Teams adapter.');
  const botUrl = `http://127.0.0.1:${running.port}/api/messages`;
  let stopped = false;
  return {
    standin,
    running,
    adapter,
    botUrl,
    storeUrl,
    logs,
    localUrl: (url) => url.replace(PUBLIC_URL, `http://127.0.0.1:${running.port}`),
    deliver: (activity) => standin.userPost(activity, { botUrl }),
    settled: () => adapter.idle(),
    async stop() {
      if (stopped) return;
      stopped = true;
      await running.stop();
      await standin.close();
    },
  };
}

/** Removes the temporary folder of a store URL made by `startTeamsProcess`. */
export function removeStore(storeUrl: string): void {
  rmSync(path.dirname(storeUrl.replace(/^sqlite:\/\//, '')), { recursive: true, force: true });
}
