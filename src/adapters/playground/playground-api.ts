/**
 * What the page asks of the playground, each ending in one call on the `ChatService`:
 * messages (answers, `A3 …`, `/roundtable …` commands), votes, likes, edits, deletions and
 * the rehearsal controls. Replies only the asker sees come back in the HTTP response, so
 * they appear in the tab that asked and nowhere else.
 */
import type { Actor } from '../../core/engine/actor.js';
import type { ChatService } from '../../core/service/chat-service.js';
import type { Lang } from '../../core/plan/plan.js';
import { LANGS } from '../../core/plan/plan.js';
import type { Message } from '../../core/engine/messages.js';
import { notice } from '../../core/engine/notice.js';
import { isTooLong, MAX_ANSWER_LENGTH } from '../../core/engine/answers.js';
import { encodeVoteValue, votePollPrefix } from '../../core/engine/vote-value.js';
import type { Room, Rooms } from './rooms.js';
import { type PlaygroundPort, permalinkOf } from './playground-port.js';
import { BadRequest, type FieldRefusals, optionalString, stringField } from './http-io.js';
import { BAD_ROOM, roomChannel, ROOM_ID } from './room-channel.js';
import { personIdOf } from './person-id.js';

/** Longest message a person may post (no cut in the page: a longer paste is refused with a notice). */
export const MAX_TEXT = MAX_ANSWER_LENGTH;

/** Longest display name. */
export const MAX_NAME = 80;

/** The rehearsal speeds the page offers; the API accepts any speed in (0, 3600], as `ROUNDTABLE_SPEED` does. */
export const SPEEDS = [1, 10, 60] as const;

/** The identity an "I am the organizer" tab acts with when no organizer is configured. */
export const PLAYGROUND_ORGANIZER = 'playground-organizer';

const CONTROLS = new Set(['start', 'pause', 'resume', 'next', 'stop']);

/** The words (`web` namespace) of the refusals a person can meet through the page, by field. */
const TEXT_REFUSALS: FieldRefusals = { missing: 'refusal.textMissing', tooLong: 'refusal.textTooLong' };
/** The words of the refusals of a name. */
export const NAME_REFUSALS: FieldRefusals = { missing: 'nameRequired', tooLong: 'refusal.nameTooLong' };
const ROOM_REFUSALS: FieldRefusals = { missing: BAD_ROOM, tooLong: BAD_ROOM, invalid: BAD_ROOM };

/** What the page gets back: notices for the asker, the id of a post it made, their choice in a poll they clicked. */
export interface ApiReply {
  notices: { html: string; lang: Lang }[];
  id?: string;
  /** The voter's current choice: the poll's button value prefix and the values of the chosen options (shown pressed). */
  choice?: { poll: string; pressed: string[] };
}

/** What the API needs. */
export interface PlaygroundApiDeps {
  rooms: Rooms;
  port: PlaygroundPort;
  service(): ChatService;
  commandName: string;
  /** `ROUNDTABLE_ORGANIZERS`: an organizer tab acts as the first one. */
  organizers: readonly string[];
  now(): number;
  newId(): string;
  /** Pushes the room's run state to its browsers. */
  pushRun(roomId: string): void;
}

/** The playground's actions. */
export class PlaygroundApi {
  constructor(private readonly deps: PlaygroundApiDeps) {}

  /** A message in the channel or in a thread: a command, or a post then the engine's reading of it. */
  async message(body: Record<string, unknown>): Promise<ApiReply> {
    const { room, actor } = this.context(body);
    const text = typeof body.text === 'string' ? body.text.trim() : '';
    if (!text) throw new BadRequest(400, '"text" is missing.', { key: 'refusal.textMissing' });
    const service = this.deps.service();
    const channel = roomChannel(room.id);
    const lang = await service.langOf(actor);
    if (isTooLong(text)) return this.reply([notice(lang, 'too-long', { max: MAX_TEXT })], lang);
    const command = this.commandText(text);
    if (command !== undefined) {
      const notices = await service.command(channel, actor, command);
      this.deps.pushRun(room.id);
      return this.reply(notices, lang);
    }
    const thread = optionalString(body, 'thread', 100);
    if (thread !== undefined && !room.posts.get(thread)?.view.threadable)
      throw new BadRequest(400, 'That post has no thread to reply in.', { key: 'refusal.noThread' });
    const id = this.deps.newId();
    room.put({
      view: {
        id,
        at: this.deps.now(),
        bot: false,
        author: { id: actor.id, name: actor.name },
        kind: 'person',
        text,
        summary: `${actor.name}: ${text.replace(/\s+/g, ' ').slice(0, 120)}`,
        threadable: false,
        likes: [],
        ...(thread ? { thread } : {}),
      },
    });
    const hint = await service.message(channel, actor, {
      id,
      text,
      permalink: permalinkOf(id),
      ...(thread ? { threadId: thread } : {}),
    });
    return { ...this.reply(hint ? [hint] : [], lang), id };
  }

  /** A click on a poll button. */
  async vote(body: Record<string, unknown>): Promise<ApiReply> {
    const { room, actor } = this.context(body);
    const value = stringField(body, 'value', 200);
    const result = await this.deps.service().vote(roomChannel(room.id), actor, value);
    const reply = this.reply([result], result.langs[0] ?? 'en');
    const vote = result.kind === 'notice' ? result.vote : undefined;
    if (!vote) return reply;
    const pressed = vote.options.map((option) => encodeVoteValue({ runId: vote.runId, poll: vote.poll, option }));
    return { ...reply, choice: { poll: votePollPrefix(vote.runId, vote.poll), pressed } };
  }

  /** A like added to or taken from a person's post (a reaction the recap counts). */
  async like(body: Record<string, unknown>): Promise<ApiReply> {
    const { room, actor } = this.context(body);
    const post = this.personPost(room, body);
    const liked = body.liked === true;
    const likes = new Set(post.view.likes ?? []);
    if (liked) likes.add(actor.id);
    else likes.delete(actor.id);
    room.put({ ...post, view: { ...post.view, likes: [...likes] } });
    await this.deps.service().react(roomChannel(room.id), actor, post.view.id, '+1', liked);
    return { notices: [] };
  }

  /** The author edits their post. */
  async edit(body: Record<string, unknown>): Promise<ApiReply> {
    const { room, actor } = this.context(body);
    const post = this.ownPost(room, body, actor);
    const text = stringField(body, 'text', MAX_TEXT, undefined, TEXT_REFUSALS);
    room.put({
      ...post,
      view: { ...post.view, text, edited: true, summary: `${actor.name}: ${text.replace(/\s+/g, ' ').slice(0, 120)}` },
    });
    const late = await this.deps.service().edit(roomChannel(room.id), post.view.id, text, { author: actor });
    return late ? this.reply([late], late.langs[0] ?? 'en') : { notices: [] };
  }

  /** The author deletes their post (and its answer leaves the recap). */
  async remove(body: Record<string, unknown>): Promise<ApiReply> {
    const { room, actor } = this.context(body);
    const post = this.ownPost(room, body, actor);
    room.remove(post.view.id);
    const late = await this.deps.service().remove(roomChannel(room.id), post.view.id, { author: actor });
    return late ? this.reply([late], late.langs[0] ?? 'en') : { notices: [] };
  }

  /** A rehearsal control: start a plan at a speed, pause or resume, next, stop. Same rights as the commands. */
  async control(body: Record<string, unknown>): Promise<ApiReply> {
    const { room, actor } = this.context(body);
    const action = stringField(body, 'action', 20);
    if (!CONTROLS.has(action)) throw new BadRequest(400, `"action" must be one of ${[...CONTROLS].join(', ')}.`);
    const service = this.deps.service();
    const lang = await service.langOf(actor);
    let text = action;
    let speed: number | undefined;
    if (action === 'start') {
      text = `start ${stringField(body, 'plan', 64, /^[a-z0-9-]{1,64}$/)}`;
      speed = typeof body.speed === 'number' ? body.speed : Number.NaN;
      if (!Number.isFinite(speed) || speed <= 0 || speed > 3600)
        throw new BadRequest(400, '"speed" must be a number above 0 and at most 3600.');
    }
    const notices = await service.command(roomChannel(room.id), actor, text, speed === undefined ? {} : { speed });
    this.deps.pushRun(room.id);
    return this.reply(notices, lang);
  }

  /** The actor of a request in room `roomId`: the person the page names (their name is who they are there), or the organizer identity. */
  actorOf(roomId: string, body: Record<string, unknown>): Actor {
    const user = body.user;
    if (!user || typeof user !== 'object') throw new BadRequest(400, '"user" is missing.');
    const u = user as Record<string, unknown>;
    const name = stringField(u, 'name', MAX_NAME, undefined, NAME_REFUSALS);
    const locale = typeof u.lang === 'string' && LANGS.includes(u.lang as Lang) ? u.lang : undefined;
    const base = { name, ...(locale ? { locale } : {}) };
    if (u.organizer !== true) return { id: personIdOf(roomId, name), ...base };
    // The playground is local: whoever ticks "I am the organizer" acts as the organizer, like a workspace admin would.
    const organizer = this.organizerId();
    return {
      id: organizer,
      ...base,
      ...(organizer.includes('@') ? { email: organizer } : {}),
      isAdmin: async () => true,
    };
  }

  /** The identity of organizer tabs: the first of `ROUNDTABLE_ORGANIZERS`, else the playground's own. */
  organizerId(): string {
    return this.deps.organizers[0] ?? PLAYGROUND_ORGANIZER;
  }

  private context(body: Record<string, unknown>): { room: Room; actor: Actor } {
    const roomId = stringField(body, 'room', 64, ROOM_ID, ROOM_REFUSALS);
    return { room: this.deps.rooms.get(roomId), actor: this.actorOf(roomId, body) };
  }

  /** The text after the command name when `text` is a command (`/roundtable stop`), else undefined. */
  private commandText(text: string): string | undefined {
    const name = this.deps.commandName;
    if (!text.toLowerCase().startsWith(name.toLowerCase())) return undefined;
    const rest = text.slice(name.length);
    return rest === '' || /^\s/.test(rest) ? rest.trim() : undefined;
  }

  private personPost(room: Room, body: Record<string, unknown>) {
    const post = room.posts.get(stringField(body, 'post', 100));
    if (!post || post.view.bot)
      throw new BadRequest(404, 'There is no such message in this room.', { key: 'refusal.noSuchMessage' });
    return post;
  }

  private ownPost(room: Room, body: Record<string, unknown>, actor: Actor) {
    const post = this.personPost(room, body);
    if (post.view.author.id !== actor.id)
      throw new BadRequest(403, 'Only the author can change or delete this message.', { key: 'refusal.notAuthor' });
    return post;
  }

  private reply(messages: Message[], lang: Lang): ApiReply {
    return {
      notices: messages.map((m) => this.deps.port.notice(m, m.kind === 'notice' ? (m.langs[0] ?? lang) : lang)),
    };
  }
}
