/**
 * Keeps the playground's rooms in the store, so a restart finds each channel as it was: the
 * bot's posts, people's messages, threads, likes and shared files, with their ids (the
 * recap's "View the answer" links and the runner's `findPosted` keep working). A room is one
 * record per post plus its list of post ids; writes go one at a time, in order, and a
 * failed write is logged, never fatal (the page still works from memory).
 */
import type { Logger, Store } from '../../core/ports.js';
import type { PostView, Room, RoomJournal, Rooms, StoredPost } from './rooms.js';
import { MAX_ROOMS } from './rooms.js';

/** The store calls the archive uses. */
export type ArchiveStore = Pick<Store, 'getValue' | 'setValue' | 'deleteValue'>;

/** A post as stored: a file's content as text or base64, since the store keeps JSON. */
interface ArchivedPost {
  view: PostView;
  key?: string;
  file?: { name: string; mime: string; text?: string; base64?: string };
}

const ROOMS_KEY = 'playground:rooms';
const indexKey = (room: string): string => `playground:room:${room}`;
const postKey = (room: string, id: string): string => `playground:post:${room}:${id}`;

/** The rooms' history in the store: written as rooms change, read back at start. */
export class RoomArchive implements RoomJournal {
  private queue: Promise<void> = Promise.resolve();
  private known = new Set<string>();

  constructor(
    private readonly store: ArchiveStore,
    private readonly logger: Logger,
  ) {}

  /** Loads every archived room into `rooms` (the most recently listed ones, up to `MAX_ROOMS`); returns how many posts came back. */
  async restore(rooms: Rooms): Promise<number> {
    const ids = (await this.store.getValue<string[]>(ROOMS_KEY)) ?? [];
    this.known = new Set(ids);
    let count = 0;
    for (const id of ids.slice(-MAX_ROOMS)) {
      const room = rooms.get(id);
      for (const postId of (await this.store.getValue<string[]>(indexKey(id))) ?? []) {
        const archived = await this.store.getValue<ArchivedPost>(postKey(id, postId));
        if (!archived) continue;
        room.restore(fromArchive(archived));
        count++;
      }
    }
    return count;
  }

  /** Records a new or changed post of `room`. */
  put(room: Room, post: StoredPost, fresh: boolean): void {
    this.write(async () => {
      await this.store.setValue(postKey(room.id, post.view.id), toArchive(post));
      if (fresh) await this.writeIndex(room);
    });
  }

  /** Records that post `id` left `room`. */
  remove(room: Room, id: string): void {
    this.write(async () => {
      await this.store.deleteValue(postKey(room.id, id));
      await this.writeIndex(room);
    });
  }

  /** Forgets a dropped room: its posts, its list of posts, its place in the list of rooms. */
  drop(room: Room): void {
    const ids = [...room.posts.keys()];
    this.known.delete(room.id);
    this.write(async () => {
      for (const id of ids) await this.store.deleteValue(postKey(room.id, id));
      await this.store.deleteValue(indexKey(room.id));
      await this.store.setValue(ROOMS_KEY, [...this.known]);
    });
  }

  /** Settles once every write asked for so far is done (before the store closes). */
  flush(): Promise<void> {
    return this.queue;
  }

  private async writeIndex(room: Room): Promise<void> {
    await this.store.setValue(indexKey(room.id), [...room.posts.keys()]);
    if (this.known.has(room.id)) return;
    this.known.add(room.id);
    await this.store.setValue(ROOMS_KEY, [...this.known]);
  }

  private write(work: () => Promise<void>): void {
    this.queue = this.queue
      .then(work)
      .catch((err: unknown) =>
        this.logger.warn(
          { err },
          'could not keep the playground channel in the store; it shows from memory until the next restart',
        ),
      );
  }
}

function toArchive(post: StoredPost): ArchivedPost {
  if (!post.file) return { view: post.view, ...(post.key ? { key: post.key } : {}) };
  const { name, mime, content } = post.file;
  const body = typeof content === 'string' ? { text: content } : { base64: content.toString('base64') };
  return { view: post.view, ...(post.key ? { key: post.key } : {}), file: { name, mime, ...body } };
}

function fromArchive(archived: ArchivedPost): StoredPost {
  const { view, key, file } = archived;
  if (!file) return { view, ...(key ? { key } : {}) };
  const content = file.base64 !== undefined ? Buffer.from(file.base64, 'base64') : (file.text ?? '');
  return { view, ...(key ? { key } : {}), file: { name: file.name, mime: file.mime, content } };
}
