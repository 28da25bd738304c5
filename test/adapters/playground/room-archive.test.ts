/**
 * The playground's rooms in the store: what a room holds comes back in a new process (posts
 * in order, their step keys, shared files byte for byte), and a room dropped for lack of
 * space leaves nothing behind.
 */
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../src/infra/memory-store.js';
import { RoomArchive } from '../../../src/adapters/playground/room-archive.js';
import { MAX_ROOMS, Rooms, type StoredPost } from '../../../src/adapters/playground/rooms.js';
import { BOT } from '../../../src/adapters/playground/room-channel.js';
import { createLogger } from '../../../src/infra/logger.js';
import { logSink } from '../../support/log-sink.js';

/** A logger whose lines the test keeps (none expected). */
const logger = () => createLogger('warn', logSink().sink);

function post(id: string, extra: Partial<StoredPost> = {}): StoredPost {
  return {
    view: { id, at: 1, bot: true, author: BOT, kind: 'question', html: `<p>${id}</p>`, summary: id, threadable: true },
    ...extra,
  };
}

/** A new process on the same store: a fresh archive and rooms, restored. */
async function reopen(store: MemoryStore): Promise<{ rooms: Rooms; count: number }> {
  const archive = new RoomArchive(store, logger());
  const rooms = new Rooms(archive);
  return { rooms, count: await archive.restore(rooms) };
}

describe('RoomArchive', () => {
  it('brings back each room as it was: order, edits, removals, step keys and files', async () => {
    const store = new MemoryStore();
    const archive = new RoomArchive(store, logger());
    const rooms = new Rooms(archive);
    const room = rooms.get('demo');
    room.put(post('a', { key: 'run1:welcome' }));
    room.put(post('b'));
    room.put(post('c', { file: { name: 'x.csv', mime: 'text/csv', content: Buffer.from([0, 1, 2, 255]) } }));
    room.put(post('d', { file: { name: 'x.md', mime: 'text/markdown', content: '# Recap' } }));
    room.put({ ...post('b'), view: { ...post('b').view, html: '<p>b, tallied</p>' } });
    room.remove('a');
    rooms.get('other').put(post('z'));
    await archive.flush();

    const again = await reopen(store);
    expect(again.count).toBe(4);
    const demo = again.rooms.get('demo');
    expect([...demo.posts.keys()]).toEqual(['b', 'c', 'd']);
    expect(demo.posts.get('b')?.view.html).toBe('<p>b, tallied</p>');
    expect(demo.posts.get('c')?.file?.content).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(demo.posts.get('d')?.file?.content).toBe('# Recap');
    expect([...again.rooms.get('other').posts.keys()]).toEqual(['z']);
    rooms.get('demo').put(post('e', { key: 'run1:q1' }));
    await archive.flush();
    expect((await reopen(store)).rooms.get('demo').posts.get('e')?.key).toBe('run1:q1');
  });

  it('forgets a room dropped when there are too many', async () => {
    const store = new MemoryStore();
    const archive = new RoomArchive(store, logger());
    const rooms = new Rooms(archive);
    for (let i = 0; i <= MAX_ROOMS; i++) rooms.get(`room-${i}`).put(post(`p${i}`));
    await archive.flush();
    const again = await reopen(store);
    expect(again.count).toBe(MAX_ROOMS);
    expect(again.rooms.find('room-0')).toBeUndefined();
    expect(await store.getValue('playground:room:room-0')).toBeUndefined();
    expect(await store.getValue('playground:post:room-0:p0')).toBeUndefined();
  });
});
