/**
 * The Slack Web API calls Roundtable makes, each through its paced lane: posts one lane per
 * channel (about one message a second: Slack's limit), `chat.update`, `chat.delete` and the
 * reading methods on their tier's budget for the workspace, `users.info` and ephemerals on tier 4.
 * The `WebClient` is built by the caller with `rejectRateLimitedCalls: true` and no retries
 * of its own, so a 429 never pauses every channel: the lanes wait and retry, per lane.
 *
 * @example
 * const api = new SlackApi(client, lanes);
 * const { ts } = await api.postMessage({ channel: 'C0123', text: 'Hi' });
 */
import type { webApi } from '@slack/bolt';
import type { LaneRate, LaneTask, PacedLanes } from './paced-lanes.js';

type WebClient = webApi.WebClient;
type PostArgs = webApi.ChatPostMessageArguments;
type UpdateArgs = webApi.ChatUpdateArguments;
type EphemeralArgs = webApi.ChatPostEphemeralArguments;

/** Rates of the lanes. */
export interface SlackRates {
  /** `chat.postMessage` per channel: Slack allows about 1 a second with short bursts. */
  post: LaneRate;
  /** Tier 3 (about 50 a minute): `chat.update`, `chat.delete`, `conversations.history/info/replies`. */
  tier3: LaneRate;
  /** Tier 2 (about 20 a minute): `conversations.list`. */
  tier2: LaneRate;
  /** Tier 4 (about 100 a minute): `users.info`, `chat.postEphemeral`, file uploads. */
  tier4: LaneRate;
}

/**
 * Default rates, Slack's own: posts one a second per channel after a burst of 3; tier 2, 3
 * and 4 methods 20, 50 and 100 a minute. A token is counted when its call ends (see
 * `PacedLanes`), which keeps the lanes at or under Slack's count whatever the latency.
 */
export const DEFAULT_SLACK_RATES: SlackRates = {
  post: { burst: 3, perSecond: 1 },
  tier3: { burst: 50, perSecond: 50 / 60 },
  tier2: { burst: 20, perSecond: 20 / 60 },
  tier4: { burst: 100, perSecond: 100 / 60 },
};

/** A user as `users.info` describes them. */
export interface SlackProfile {
  id: string;
  name: string;
  locale?: string;
  /** Admin or owner of `teamId` (or of `enterpriseId`'s org): their own workspace, maybe not the bot's. */
  isAdmin: boolean;
  isBot: boolean;
  /** The user's own workspace (a Slack Connect guest's is another one). */
  teamId?: string;
  /** The user's Enterprise Grid org, if any. */
  enterpriseId?: string;
}

/** A message of `conversations.history` / `conversations.replies`, with what Roundtable reads. */
export interface SlackHistoryMessage {
  ts?: string;
  bot_id?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/** A conversation as `conversations.info` / `.list` describe it. */
export interface SlackConversation {
  id: string;
  name?: string;
  /** False when the bot has not been invited to the channel (it cannot post there). */
  isMember?: boolean;
}

/** Paced Web API calls. */
export class SlackApi {
  constructor(
    readonly client: WebClient,
    private readonly lanes: PacedLanes,
    private readonly rates: SlackRates = DEFAULT_SLACK_RATES,
  ) {}

  /** Posts in a channel or a thread, in the channel's lane; `recover` finds the post after an ambiguous failure. */
  async postMessage(
    args: PostArgs,
    opts: { priority?: 'high' | 'low'; recover?: () => Promise<string | undefined> } = {},
  ): Promise<{ ts: string }> {
    const task: LaneTask<string> = {
      call: async () => {
        const res = await this.client.chat.postMessage(args);
        return String(res.ts);
      },
      priority: opts.priority ?? 'high',
      ...(opts.recover ? { recover: opts.recover } : {}),
    };
    return { ts: await this.lanes.run(`post:${args.channel}`, this.rates.post, task) };
  }

  /** Replaces a message; a waiting update of the same message is superseded by this one. */
  async update(args: UpdateArgs): Promise<void> {
    await this.lanes.run('chat.update', this.rates.tier3, {
      call: () => this.client.chat.update(args),
      coalesceKey: `${args.channel}:${args.ts}`,
    });
  }

  /** A message only `user` sees. */
  async postEphemeral(args: EphemeralArgs): Promise<void> {
    await this.lanes.run('chat.postEphemeral', this.rates.tier4, { call: () => this.client.chat.postEphemeral(args) });
  }

  /** A user's name, locale and role. */
  usersInfo(user: string): Promise<SlackProfile> {
    return this.lanes.run('users.info', this.rates.tier4, {
      call: async () => {
        const res = await this.client.users.info({ user, include_locale: true });
        const u = res.user ?? {};
        const name = u.profile?.display_name || u.profile?.real_name || u.real_name || u.name || user;
        const org = u.enterprise_user;
        const isAdmin = Boolean(
          u.is_admin || u.is_owner || u.is_primary_owner || org?.is_admin || org?.is_owner || org?.is_primary_owner,
        );
        const home = {
          ...(u.team_id ? { teamId: u.team_id } : {}),
          ...(org?.enterprise_id ? { enterpriseId: org.enterprise_id } : {}),
        };
        return {
          id: user,
          name,
          ...(u.locale ? { locale: u.locale } : {}),
          isAdmin,
          isBot: Boolean(u.is_bot),
          ...home,
        };
      },
    });
  }

  /** Deletes one of the bot's messages (tier 3, as `chat.update`). */
  async deleteMessage(channel: string, ts: string): Promise<void> {
    await this.lanes.run('chat.delete', this.rates.tier3, { call: () => this.client.chat.delete({ channel, ts }) });
  }

  /** One page of recent channel history, with message metadata. */
  history(
    channel: string,
    opts: { oldest?: string; cursor?: string; limit?: number },
  ): Promise<{ messages: SlackHistoryMessage[]; next?: string }> {
    return this.lanes.run('conversations.history', this.rates.tier3, {
      call: async () => {
        const res = await this.client.conversations.history({
          channel,
          include_all_metadata: true,
          limit: opts.limit ?? 100,
          ...(opts.oldest ? { oldest: opts.oldest } : {}),
          ...(opts.cursor ? { cursor: opts.cursor } : {}),
        });
        const next = res.response_metadata?.next_cursor;
        return { messages: (res.messages ?? []) as SlackHistoryMessage[], ...(next ? { next } : {}) };
      },
    });
  }

  /** The replies of a thread (its parent first), with message metadata. */
  replies(channel: string, ts: string): Promise<SlackHistoryMessage[]> {
    return this.lanes.run('conversations.replies', this.rates.tier3, {
      call: async () =>
        ((await this.client.conversations.replies({ channel, ts, include_all_metadata: true, limit: 200 })).messages ??
          []) as SlackHistoryMessage[],
    });
  }

  /** A conversation by id. */
  conversationInfo(channel: string): Promise<SlackConversation> {
    return this.lanes.run('conversations.info', this.rates.tier3, {
      call: async () => {
        const c = (await this.client.conversations.info({ channel })).channel;
        return {
          id: c?.id ?? channel,
          ...(c?.name ? { name: c.name } : {}),
          ...(typeof c?.is_member === 'boolean' ? { isMember: c.is_member } : {}),
        };
      },
    });
  }

  /**
   * One page of the channels the bot can see: every public channel and the private ones it
   * was invited to (`groups:read`), archived ones left out. A page may come back short, even
   * empty, with `next` still set: Slack drops archived channels after cutting the page.
   */
  conversationList(cursor?: string): Promise<{ channels: SlackConversation[]; next?: string }> {
    return this.lanes.run('conversations.list', this.rates.tier2, {
      call: async () => {
        const res = await this.client.conversations.list({
          types: 'public_channel,private_channel',
          exclude_archived: true,
          limit: 999,
          ...(cursor ? { cursor } : {}),
        });
        const next = res.response_metadata?.next_cursor;
        const channels = (res.channels ?? []).flatMap((c) =>
          c.id
            ? [
                {
                  id: c.id,
                  ...(c.name ? { name: c.name } : {}),
                  ...(typeof c.is_member === 'boolean' ? { isMember: c.is_member } : {}),
                },
              ]
            : [],
        );
        return { channels, ...(next ? { next } : {}) };
      },
    });
  }

  /** The bot's direct-message channel with `user` (`conversations.open`). */
  async openDm(user: string): Promise<string> {
    return this.lanes.run('conversations.open', this.rates.tier3, {
      call: async () => {
        const id = (await this.client.conversations.open({ users: user })).channel?.id;
        if (!id) throw new Error('conversations.open gave no channel');
        return id;
      },
    });
  }

  /** Shares a file in a channel (`files.uploadV2`: upload URL, upload, complete). */
  async upload(channel: string, file: { name: string; title: string; content: Buffer }): Promise<void> {
    await this.lanes.run('files', this.rates.tier4, {
      call: () =>
        this.client.files.uploadV2({ channel_id: channel, filename: file.name, title: file.title, file: file.content }),
    });
  }
}
