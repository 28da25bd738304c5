/**
 * One chat on Teams run by several Roundtable processes on one Redis, for the Teams fault
 * case: the Bot Connector stand-in as the platform of `runClusterChat` (botbuilder over HTTP
 * in each process, without authentication on loopback), people's activities spread across
 * the processes, the channel read back from the stand-in. Teams posts carry no step key, so
 * each post's step is read from its card's heading, and a copy of an `A<k>` answer from the
 * link to the answer it copies.
 */
import { startConnectorStandin, type ConnectorStandin } from '../../support/teams/connector-standin.js';
import type { StandinMember } from '../../support/teams/connector-state.js';
import { cardButtons, cardOf, messageText } from '../../adapters/teams/support/card-text.js';
import { readRecap } from '../../e2e/support/teams-recap-text.js';
import type { ChannelPost } from './outcome.js';
import type { RedisServer } from './redis-server.js';
import type { ProcessCluster } from './process-cluster.js';
import { TeamsFaultDriver } from './teams-driver.js';
import {
  runClusterChat,
  shownRecap,
  type ChannelAtEnd,
  type ClusterChatResult,
  type FaultPlatform,
} from './cluster-chat-run.js';

const ORGANIZER = '0a0a0a0a-0000-4000-8000-000000000001';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Options of one chat. */
export interface TeamsChatRunOptions {
  redis: RedisServer;
  instances: number;
  people: number;
  speed: number;
  random: () => number;
  /** Runs alongside the chat until `ended()` says the recap is posted (e.g. kills processes). */
  disrupt?: (cluster: ProcessCluster, ended: () => boolean) => Promise<void>;
}

/** Runs one chat on Teams from the organizer's `start` to the recap, and compares. */
export function runTeamsChat(opts: TeamsChatRunOptions): Promise<ClusterChatResult> {
  return runClusterChat({ ...opts, platform: (targets) => teamsPlatform(opts, targets) });
}

async function teamsPlatform(opts: TeamsChatRunOptions, targets: () => string[]): Promise<FaultPlatform> {
  const standin = await startConnectorStandin({ validate: false });
  const team = standin.addTeam({ name: 'Faults', channels: [{ name: 'faults' }] });
  const scope = { tenantId: team.tenantId, teamId: team.id, channelId: team.channels[1]!.id };
  const organizer = standin.addMember(team.id, { name: 'Organizer', aadObjectId: ORGANIZER });
  const members = new Map<string, StandinMember>();
  const driver = new TeamsFaultDriver({ standin, scope, members, targets, random: opts.random });
  const welcomed = () => driver.steps().some((s) => s.step === 'welcome');
  return {
    env: { ROUNDTABLE_TEAMS_INSECURE_LOCAL: '1', ROUNDTABLE_ORGANIZERS: ORGANIZER },
    findsPosts: false,
    driver,
    addPeople(people) {
      for (const person of people)
        members.set(person.id, standin.addMember(team.id, { name: person.name, aadObjectId: person.id }));
    },
    async start(urls) {
      const botUrl = () => `${urls()[0]}/api/messages`;
      await standin.userPost(
        standin.activities.botInstalled({ ...scope, from: organizer, aadGroupId: team.aadGroupId }),
        { botUrl: botUrl() },
      );
      while (!welcomed()) {
        await standin
          .userPost(
            standin.activities.channelMessage({
              ...scope,
              from: organizer,
              text: 'start fault-chat',
              mentionBot: true,
            }),
            { botUrl: botUrl() },
          )
          .catch(() => undefined);
        for (let i = 0; i < 100 && !welcomed(); i++) await sleep(50);
      }
    },
    read: (runId) => readChannel(standin, scope.channelId, driver, runId),
    notes() {
      const stats = standin.stats;
      return [
        `${driver.redeliveries} failed deliveries made again`,
        `Connector calls ${stats.calls}, 429s ${stats.throttled}`,
      ];
    },
    trace: () => driver.clicks,
    stop: () => standin.close(),
  };
}

/** The channel as people see it: step posts (keyed by their heading), copies of answers, closed polls, the recap's figures. */
function readChannel(
  standin: ConnectorStandin,
  channelId: string,
  driver: TeamsFaultDriver,
  runId: string,
): ChannelAtEnd {
  const posts: ChannelPost[] = [];
  const steps = driver.steps();
  for (const { step, post } of steps) {
    posts.push({ key: `${runId}:${step}`, thread: false });
    standin
      .replies(channelId, post.id)
      .filter((m) => m.byBot)
      .forEach((reply, page) => {
        const copied = /\/l\/message\/[^/]+\/([^?/\s)]+)\?/.exec(messageText(reply))?.[1];
        posts.push({
          key: step === 'recap' ? `${runId}:recap#${page + 2}` : `${runId}:link:${copied ?? reply.id}`,
          thread: true,
        });
      });
  }
  const recapPost = steps.find((s) => s.step === 'recap')?.post;
  const recapText = recapPost
    ? [recapPost, ...standin.replies(channelId, recapPost.id).filter((m) => m.byBot)].map(messageText).join('\n')
    : undefined;
  return {
    posts,
    closedPolls: steps.flatMap((s) => {
      const m = /^p(\d+)-open$/.exec(s.step);
      return m && cardButtons(cardOf(s.post)).length === 0 ? [Number(m[1])] : [];
    }),
    recap: recapText === undefined ? undefined : shownRecap(readRecap(recapText, 'en')),
    postedAt: steps.map((s) => ({ key: `${runId}:${s.step}`, at: Date.parse(s.post.createdAt) })),
  };
}
