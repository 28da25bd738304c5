/**
 * The playground's channels ("rooms"), kept in memory: each room's posts and thread replies
 * in order, and the browsers listening to it. Every change is pushed to those browsers and
 * told to the room's journal (the store's copy, read back after a restart).
 */
import type { Message } from '../../core/engine/messages.js';

/** What a browser receives for one post. */
export interface PostView {
  id: string;
  /** Wall-clock epoch ms of the post. */
  at: number;
  /** Id of the post whose thread holds this one. */
  thread?: string;
  bot: boolean;
  author: { id: string; name: string };
  /** The message kind of a bot post; `person` for people; `file` for an upload. */
  kind: Message['kind'] | 'person' | 'file';
  /** Bot posts: trusted HTML with every user text escaped. */
  html?: string;
  /** People's posts: their raw text (the page sets it as text, never as HTML). */
  text?: string;
  /** Plain one-line summary for announcements (raw: set it as text). */
  summary: string;
  /** Whether people may reply in its thread (questions). */
  threadable: boolean;
  edited?: boolean;
  /** Ids of the people who liked it (people's posts). */
  likes?: string[];
}

/** A stored post: its view plus what the port needs to find and update it. */
export interface StoredPost {
  view: PostView;
  /** The step key of a bot post (`findPosted`). */
  key?: string;
  /** An uploaded file. */
  file?: { name: string; mime: string; content: Buffer | string };
}

/** One browser tab listening to a room. */
export interface RoomListener {
  /** The participant id the tab acts as (replies only they see are sent to it). */
  user: string;
  send(event: string, data: unknown): void;
  close(): void;
}

/** Where a room's changes are kept beyond this process (`RoomArchive`). */
export interface RoomJournal {
  /** A post was added (`fresh`) or changed. */
  put(room: Room, post: StoredPost, fresh: boolean): void;
  /** A post left the room. */
  remove(room: Room, id: string): void;
  /** The room is dropped (too many rooms): its history goes too. */
  drop(room: Room): void;
}

/** Most posts a room keeps; older ones are dropped first. */
export const MAX_POSTS_PER_ROOM = 5000;

/** Most rooms kept at once; the least recently used room nobody listens to is dropped first. */
export const MAX_ROOMS = 100;

/** One room. */
export class Room {
  readonly posts = new Map<string, StoredPost>();
  readonly listeners = new Set<RoomListener>();
  usedAt = 0;

  constructor(
    readonly id: string,
    private readonly journal?: RoomJournal,
  ) {}

  /** Posts in order, as views. */
  views(): PostView[] {
    return [...this.posts.values()].map((p) => p.view);
  }

  /** Adds or replaces a post and tells every listener. */
  put(post: StoredPost): void {
    const fresh = !this.posts.has(post.view.id);
    this.posts.set(post.view.id, post);
    this.journal?.put(this, post, fresh);
    while (this.posts.size > MAX_POSTS_PER_ROOM) {
      const oldest = this.posts.keys().next().value!;
      this.posts.delete(oldest);
      this.journal?.remove(this, oldest);
    }
    this.broadcast('post', post.view);
  }

  /** Puts back a post kept before a restart (nobody listens yet; the journal has it already). */
  restore(post: StoredPost): void {
    this.posts.set(post.view.id, post);
  }

  /** Removes a post and tells every listener. */
  remove(id: string): void {
    if (!this.posts.delete(id)) return;
    this.journal?.remove(this, id);
    this.broadcast('remove', { id });
  }

  /** Sends an event to every tab of the room, or only to the tabs of `user`. */
  broadcast(event: string, data: unknown, user?: string): void {
    for (const l of this.listeners) if (user === undefined || l.user === user) l.send(event, data);
  }
}

/** Every room of the playground. */
export class Rooms {
  private readonly rooms = new Map<string, Room>();
  private clock = 0;

  /** `journal` keeps every room's changes (none: memory only). */
  constructor(private readonly journal?: RoomJournal) {}

  /** The room `id`, created on first use. */
  get(id: string): Room {
    let room = this.rooms.get(id);
    if (!room) {
      this.evict();
      room = new Room(id, this.journal);
      this.rooms.set(id, room);
    }
    room.usedAt = ++this.clock;
    return room;
  }

  /** The room `id` if it exists. */
  find(id: string): Room | undefined {
    return this.rooms.get(id);
  }

  /** Every room (for shutdown). */
  all(): Room[] {
    return [...this.rooms.values()];
  }

  private evict(): void {
    if (this.rooms.size < MAX_ROOMS) return;
    const idle = [...this.rooms.values()].filter((r) => r.listeners.size === 0).sort((a, b) => a.usedAt - b.usedAt)[0];
    if (!idle) return;
    this.rooms.delete(idle.id);
    this.journal?.drop(idle);
  }
}
