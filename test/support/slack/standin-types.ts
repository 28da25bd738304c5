/**
 * Shapes shared by the Slack stand-in's parts: options, the workspace state a test reads,
 * and the call log. Field names follow Slack's where Slack has one.
 */

/** Slack-like rate limits: `chat.postMessage` per channel, other methods per minute. */
export interface RateLimitOptions {
  /** Sustained `chat.postMessage` rate in one channel (Slack: about 1 per second). */
  perChannelPerSec: number;
  /** Messages a channel may take at once before the sustained rate applies. */
  burst: number;
  /** Per-method limits in calls per minute, overriding the Slack tiers (tier 2: 20, tier 3: 50, tier 4: 100). */
  perMinute?: Record<string, number>;
}

/** How injected failures fail: HTTP 500, a request that hangs, or either. */
export type FailMode = 'error' | 'hang' | 'mixed';

/** Options of {@link import('./slack-standin.js').startSlackStandin}. */
export interface SlackStandinOptions {
  /** The bot token the Web API accepts (default `xoxb-standin-bot-token`). */
  botToken?: string;
  /** The app-level token `apps.connections.open` accepts (default `xapp-1-standin-app-token`). */
  appToken?: string;
  /** Slack-like rate limits, on by default; `false` turns them off. */
  rateLimit?: RateLimitOptions | false;
  /** Fraction (0..1) of Web API calls that fail, to test retries (default 0). */
  failRate?: number;
  /** How injected failures fail (default `mixed`). */
  failMode?: FailMode;
  /** How long a hanging call hangs before its connection is dropped (default 5,000 ms). */
  failHangMs?: number;
  /** Only these methods fail (default: every method). */
  failMethods?: string[];
  /** Seed of the failure draw, so a run is reproducible (default 1). */
  failSeed?: number;
  /** Validate blocks against the official schema (default: on when the specs folder exists). */
  validateBlocks?: boolean;
  /** Folder of the official schemas (default `../shared/specs` or `ROUNDTABLE_SPECS_DIR`). */
  specsDir?: string;
  /** Interval of the Socket Mode server's WebSocket pings (default 5,000 ms). */
  socketPingMs?: number;
  /** Time of the rate limits in ms (default `Date.now`): a test's virtual clock makes 429s independent of the machine's speed. */
  now?: () => number;
}

/** A channel of the stand-in workspace. */
export interface StandinChannel {
  id: string;
  name: string;
  /** Whether the bot is a member (posting elsewhere gives `not_in_channel`). */
  botMember: boolean;
  isPrivate: boolean;
  isArchived: boolean;
  /** Members; when undefined every user is a member. */
  members?: Set<string>;
  created: number;
}

/** Options of `standin.addChannel`. */
export interface AddChannelOptions {
  name?: string;
  botMember?: boolean;
  isPrivate?: boolean;
  isArchived?: boolean;
  members?: string[];
}

/** A user of the stand-in workspace. */
export interface StandinUser {
  id: string;
  name: string;
  realName?: string;
  isAdmin?: boolean;
  isOwner?: boolean;
  isBot?: boolean;
  /** The user's own workspace (default: the stand-in's): another one is a Slack Connect guest. */
  teamId?: string;
  /** The user's Enterprise Grid org, shown as `enterprise_user` by `users.info`. */
  enterpriseId?: string;
  /** IETF tag as Slack gives it with `include_locale`, e.g. `fr-CA`. */
  locale?: string;
  tz?: string;
}

/** Slack message metadata. */
export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

/** One earlier version of an edited message. */
export interface MessageVersion {
  text: string;
  blocks?: unknown[];
  /** When this version was replaced. */
  editedTs: string;
}

/** A message as the stand-in stores it. */
export interface StoredMessage {
  channel: string;
  ts: string;
  /** The parent's `ts`, for a reply. */
  threadTs?: string;
  /** Author: a user ID, or the bot's user ID for the bot. */
  user: string;
  /** Set when the bot posted it. */
  botId?: string;
  text: string;
  blocks?: unknown[];
  /** Legacy attachments, stored as given. */
  attachments?: unknown[];
  metadata?: MessageMetadata;
  /** `thread_broadcast` for a reply also sent to the channel. */
  subtype?: string;
  unfurlLinks?: boolean;
  unfurlMedia?: boolean;
  /** IDs of files shared with this message. */
  fileIds?: string[];
  clientMsgId?: string;
  edited?: { user: string; ts: string };
  /** Earlier versions, oldest first. */
  edits: MessageVersion[];
  deleted: boolean;
  reactions: { name: string; users: string[] }[];
}

/** An ephemeral message, seen by one user only. */
export interface StoredEphemeral {
  channel: string;
  user: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks?: unknown[];
  /** `chat.postEphemeral`, a `response_url` or a slash command's ack. */
  source: 'api' | 'response_url' | 'ack';
}

/** A file uploaded through `files.getUploadURLExternal` and `files.completeUploadExternal`. */
export interface StoredFile {
  id: string;
  name: string;
  title: string;
  length: number;
  bytes?: Buffer;
  altText?: string;
  /** Set once completed into a conversation. */
  channel?: string;
  threadTs?: string;
  /** `ts` of the message that shares it. */
  messageTs?: string;
  completed: boolean;
}

/** One Web API call as the stand-in received it. */
export interface CallRecord {
  method: string;
  /** `Date.now()` when received. */
  at: number;
  /** The conversation the call names (`channel` or `channel_id`), when it names one. */
  channel?: string;
  status: number;
  ok: boolean;
  error?: string;
  args: Record<string, unknown>;
}

/** Counters of a stand-in's run. */
export interface StandinStats {
  calls: number;
  /** HTTP 429 answers sent. */
  ratelimited: number;
  /** Injected failures (HTTP 500 or hangs). */
  failed: number;
}

/** A POST to a `response_url`, or a slash command's non-empty ack. */
export interface ResponseRecord {
  url: string;
  kind: 'command' | 'action';
  source: 'response_url' | 'ack';
  body: unknown;
  status: number;
  at: number;
}

/** What a signed delivery to the app returned. */
export interface DeliveryResult {
  status: number;
  /** Parsed JSON when the app answered JSON, else the raw text. */
  body: unknown;
  /** Time to the app's answer, for reports (never assert on it). */
  ms: number;
}

/** How to reach and sign for the app under test. */
export interface DeliveryOptions {
  /** The app's endpoint, e.g. `http://127.0.0.1:3000/slack/events`. */
  url: string;
  signingSecret: string;
  /** Redelivery number: sets `X-Slack-Retry-Num` and `X-Slack-Retry-Reason`. */
  retryNum?: number;
  retryReason?: string;
  /** Shift the signed timestamp, e.g. `-360` for a request six minutes old. */
  timestampOffsetSec?: number;
  /** Sign with a wrong secret. */
  forgeSignature?: boolean;
}
