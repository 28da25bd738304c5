/**
 * The Teams adapter wired to the Bot Connector stand-in, a memory store, the real locales
 * and a chat service on a fake clock (the timeline moves only when a test says so; Teams'
 * rate limits and the pacer run on real time). Activities go over HTTP to the adapter's
 * `/api/messages`, served by the project's own HTTP server, which also serves the private
 * export links (made for `EXPORT_BASE`; `localUrl` turns one into this server's address).
 */
import { EditorTokens } from '../../../../src/core/service/editor-tokens.js';
import { ChatService } from '../../../../src/core/service/chat-service.js';
import type { Plan } from '../../../../src/core/plan/plan.js';
import type { Run } from '../../../../src/core/engine/run.js';
import { MemoryStore } from '../../../../src/infra/memory-store.js';
import { createMemoryLease } from '../../../../src/infra/memory-lease.js';
import { startHttpServer } from '../../../../src/infra/http-server.js';
import { createExporter } from '../../../../src/infra/create-exporter.js';
import { createExportLinks } from '../../../../src/infra/export-links.js';
import { createTeamsAdapter, type TeamsAdapter } from '../../../../src/adapters/teams/create-teams-adapter.js';
import type { PacerOptions } from '../../../../src/adapters/teams/conversation-pacer.js';
import {
  startConnectorStandin,
  type BotReply,
  type ConnectorStandin,
} from '../../../support/teams/connector-standin.js';
import type { StandinMember, StandinTeam } from '../../../support/teams/connector-state.js';
import type { TeamsActivity } from '../../../support/teams/teams-activities.js';
import { FakeClock } from '../../../support/fake-clock.js';
import { memoryLogger } from '../../../support/engine-harness.js';
import { planSource, samplePlan } from '../../../support/plans.js';
import { realTranslator } from '../../../support/fake-translator.js';
import { testKeys } from '../../../support/server-secret.js';

/** The public address export links are made for (`ROUNDTABLE_PUBLIC_URL`). */
export const EXPORT_BASE = 'https://roundtable.example.gc.ca';

const PEOPLE = ['Alice Tremblay', 'Bruno Côté', 'Chloé Roy', 'David Singh', 'Émilie Gagnon'];

/** The Entra object id of the harness's person `i` (0-based), the same in every harness. */
export function personAadId(i: number): string {
  return `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
}

/** Options of the harness. */
export interface TeamsHarnessOptions {
  specsDir: string;
  plan?: Plan;
  /** Teams' rate limits in the stand-in (default on). */
  rateLimit?: boolean;
  failRate?: number;
  organizers?: string[];
  pacing?: PacerOptions;
  /** The team's tenant (default: a new one). */
  teamTenantId?: string;
  /** The bot's own tenant (`MicrosoftAppTenantId`); default none (multi-tenant). */
  botTenantId?: string;
}

/** Everything a Teams adapter test touches. */
export interface TeamsHarness {
  standin: ConnectorStandin;
  adapter: TeamsAdapter;
  service: ChatService;
  store: MemoryStore;
  clock: FakeClock;
  logger: ReturnType<typeof memoryLogger>;
  team: StandinTeam;
  channelId: string;
  owner: StandinMember;
  people: StandinMember[];
  botUrl: string;
  /** `url` (an export link made for `EXPORT_BASE`) on the harness's own server. */
  localUrl(url: string): string;
  scope: { tenantId: string; teamId: string; channelId: string };
  /** Sends an activity as Teams would (recorded in the stand-in first) and waits until the bot is done with it. */
  send(activity: TeamsActivity): Promise<BotReply>;
  /** `@Roundtable <text>` typed by `from` as a new post; returns the post id. */
  command(from: StandinMember, text: string): Promise<string>;
  /** Moves the timeline by `ms` and lets the engine post what is due. */
  advance(ms: number): Promise<void>;
  /** The current run of the channel. */
  run(): Promise<Run | undefined>;
  close(): Promise<void>;
}

/** Starts a harness: a team "LeadersGC" with a channel "Chats", an owner and five members. */
export async function teamsHarness(opts: TeamsHarnessOptions): Promise<TeamsHarness> {
  const standin = await startConnectorStandin({
    specsDir: opts.specsDir,
    rateLimit: opts.rateLimit ?? true,
    ...(opts.failRate ? { failRate: opts.failRate } : {}),
  });
  const team = standin.addTeam({
    name: 'LeadersGC',
    channels: [{ name: 'Chats' }],
    ...(opts.teamTenantId ? { tenantId: opts.teamTenantId } : {}),
  });
  const channelId = team.channels[1]!.id;
  const owner = standin.addMember(team.id, { name: 'Olivia Owner', userRole: 'owner' });
  const people = PEOPLE.map((name, i) => standin.addMember(team.id, { name, aadObjectId: personAadId(i) }));
  const clock = new FakeClock(Date.now());
  const store = new MemoryStore(() => clock.now());
  const logger = memoryLogger();
  const translator = await realTranslator();
  const plan = opts.plan ?? samplePlan({ organizers: [] });
  const plans = planSource(plan);
  const adapter = await createTeamsAdapter(
    {
      appId: '',
      appPassword: '',
      appType: 'SingleTenant',
      insecureLocal: true,
      ...(opts.botTenantId ? { tenantId: opts.botTenantId } : {}),
    },
    { logger, store, translator, plans, pacing: { baseBackoffMs: 20, maxBackoffMs: 200, ...opts.pacing } },
  );
  const exportLinks = createExportLinks({
    store,
    exporter: createExporter({ store, translator, now: () => clock.now() }),
    publicUrl: EXPORT_BASE,
    logger,
    translator,
  });
  const service = new ChatService({
    keys: testKeys(),
    store,
    lease: createMemoryLease(clock),
    clock,
    logger,
    plans,
    ports: { teams: adapter.port },
    organizers: opts.organizers ?? [],
    speed: 1,
    timers: clock,
    newRunId: () => 'run-1',
    exportLinks,
    editorLinks: { tokens: new EditorTokens(store, clock, 60 * 60_000), base: EXPORT_BASE },
  });
  adapter.attach(service);
  await adapter.start();
  const http = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    logger,
    handlers: [adapter.http!, exportLinks.http],
    ready: [],
  });
  const botUrl = `http://127.0.0.1:${http.port}/api/messages`;
  const scope = { tenantId: team.tenantId, teamId: team.id, channelId };

  const send = async (activity: TeamsActivity): Promise<BotReply> => {
    const reply = await standin.userPost(activity, { botUrl });
    await adapter.idle();
    return reply;
  };
  let closed = false;
  return {
    standin,
    adapter,
    service,
    store,
    clock,
    logger,
    team,
    channelId,
    owner,
    people,
    botUrl,
    scope,
    send,
    localUrl: (url) => url.replace(EXPORT_BASE, `http://127.0.0.1:${http.port}`),
    async command(from, text) {
      const post = standin.activities.channelMessage({ ...scope, from, text, mentionBot: true });
      await send(post);
      return post.id;
    },
    async advance(ms) {
      await clock.advance(ms);
      await service.tick();
      await adapter.idle();
    },
    async run() {
      return service.desk.latestRun({ platform: 'teams', id: channelId });
    },
    async close() {
      if (closed) return;
      closed = true;
      await service.stop();
      await adapter.stop();
      await http.close();
      await standin.close();
    },
  };
}
