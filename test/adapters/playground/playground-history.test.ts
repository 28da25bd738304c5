/**
 * The playground's memory over HTTP: a channel comes back whole after a restart (the recap's
 * "View the answer" links still lead to the answers), a person is their name in a room
 * whichever browser they use, and the panel hears at once that a chat ended by itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEvents, postJson, startPlayground, type EventReader, type Playground } from './playground-server.js';
import type { PostView } from '../../../src/adapters/playground/rooms.js';
import type { RunView } from '../../../src/adapters/playground/run-view.js';

// Pages before names were identities also sent an `id` of their own: the server ignores it now.
const organizer = { id: 'p-alice', name: 'Alice', organizer: true };
const bob = { id: 'p-bob', name: 'Bob' };
const dir = mkdtempSync(path.join(tmpdir(), 'rt-history-'));
const store = { ROUNDTABLE_STORE: `sqlite://${dir}/kept.sqlite` };
const started: Playground[] = [];

/** A playground on the kept store (`kept`), or on a fresh one of its own. */
async function playground(env: Record<string, string> = {}, kept = true): Promise<Playground> {
  const pg = await startPlayground({ ...(kept ? store : {}), ...env });
  started.push(pg);
  return pg;
}

async function roomOf(pg: Playground, room: string): Promise<{ posts: PostView[]; run: RunView | null }> {
  return (await (await fetch(`${pg.base}/playground/api/room?room=${room}`)).json()) as {
    posts: PostView[];
    run: RunView | null;
  };
}

/** Starts the example plan at 60×, pauses it, and brings Q1 out with Next if it is not out yet. */
async function pausedAtQ1(
  stream: EventReader,
  call: (action: string, body: Record<string, unknown>) => Promise<unknown>,
): Promise<PostView> {
  const isQ1 = (p: PostView) => p.summary === 'Q1' && !p.thread;
  await call('control', { user: organizer, action: 'start', plan: 'leadersgc-monthly', speed: 60 });
  await call('control', { user: organizer, action: 'pause' });
  if (!stream.events.some((e) => e.event === 'post' && isQ1(e.data as PostView)))
    await call('control', { user: organizer, action: 'next' });
  return stream.next<PostView>('post', isQ1);
}

afterAll(async () => {
  for (const pg of started) await pg.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the playground keeps its channels', () => {
  it('shows the whole channel again after a restart, and the recap links still lead to the answers', async () => {
    const room = 'kept';
    const first = await playground();
    const stream = await openEvents(`${first.base}/playground/api/events?room=${room}&user=playground-organizer`);
    const call = async (action: string, body: Record<string, unknown>) => {
      const res = await postJson(first.base, action, { room, ...body });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as { id?: string };
    };
    const q1 = await pausedAtQ1(stream, call);
    const answer = await call('message', { user: bob, text: 'We publish our roadmap.', thread: q1.id });
    await call('message', { user: bob, text: 'Just saying hello.' });
    // A liked answer is a highlight of the recap, with a link to it.
    await call('like', { user: organizer, post: answer.id, liked: true });
    await call('control', { user: organizer, action: 'stop' });
    const recap = await stream.next<PostView>('post', (p) => p.kind === 'recap');
    expect(recap.html).toContain(`href="#post-${answer.id}"`);
    const before = await roomOf(first, room);
    stream.close();
    await first.stop();

    const second = await playground();
    const after = await roomOf(second, room);
    expect(after.posts.map((p) => p.id)).toEqual(before.posts.map((p) => p.id));
    expect(after.posts).toEqual(before.posts);
    expect(after.posts.find((p) => p.id === answer.id)).toMatchObject({
      thread: q1.id,
      text: 'We publish our roadmap.',
      author: { name: 'Bob' },
    });
    expect(after.posts.some((p) => p.text === 'Just saying hello.')).toBe(true);
    expect(after.run?.status).toBe('ended');
    // New posts after the restart go on from the history, under new ids.
    const later = await postJson(second.base, 'message', { room, user: bob, text: 'Still here.' });
    expect(after.posts.map((p) => p.id)).not.toContain(later.body.id);
    expect((await roomOf(second, room)).posts.map((p) => p.id)).toEqual([
      ...before.posts.map((p) => p.id),
      later.body.id,
    ]);
  });
});

describe('who a person is in the playground', () => {
  it('is their name in a room: the same name in any browser, any case or spacing, is one participant', async () => {
    const pg = await playground({}, false);
    const idOf = async (room: string, name: string) =>
      (
        (await (
          await fetch(`${pg.base}/playground/api/person?room=${room}&name=${encodeURIComponent(name)}`)
        ).json()) as { id: string }
      ).id;
    const alice = await idOf('names', 'Alice');
    expect(alice).toMatch(/^p-[0-9a-f]{24}$/);
    expect(await idOf('names', '  alice ')).toBe(alice);
    expect(await idOf('names', 'Bob')).not.toBe(alice);
    expect(await idOf('elsewhere', 'Alice')).not.toBe(alice);
    expect((await fetch(`${pg.base}/playground/api/person?room=names&name=%20`)).status).toBe(400);

    // Two browsers, each with Alice and Bob: two people in the recap, not four.
    const room = 'names';
    const stream = await openEvents(`${pg.base}/playground/api/events?room=${room}&user=playground-organizer`);
    const call = (action: string, body: Record<string, unknown>) => postJson(pg.base, action, { room, ...body });
    const q1 = await pausedAtQ1(stream, call);
    // What the page of each browser used to send: its own random id for the same name, now ignored.
    for (const browser of ['p-browser1', 'p-browser2']) {
      for (const name of ['Alice', 'Bob']) {
        const res = await call('message', {
          user: { id: `${browser}-${name}`, name },
          text: `${name} from ${browser}`,
          thread: q1.id,
        });
        expect(res.status).toBe(200);
      }
    }
    await call('control', { user: organizer, action: 'stop' });
    const recap = await stream.next<PostView>('post', (p) => p.kind === 'recap');
    expect(recap.html).toContain('2 participants, 4 answers');
    stream.close();
  });
});

describe('the rehearsal panel', () => {
  it('hears that a chat ended by itself at once: every run state after the recap says ended', async () => {
    const pg = await playground({ ROUNDTABLE_SPEED: '3600' }, false);
    const room = 'natural-end';
    const stream = await openEvents(`${pg.base}/playground/api/events?room=${room}&user=playground-organizer`);
    await postJson(pg.base, 'control', {
      room,
      user: organizer,
      action: 'start',
      plan: 'mini-discussion',
      speed: 3600,
    });
    await stream.next<PostView>('post', (p) => p.kind === 'recap');
    const after = stream.events.findIndex((e) => e.event === 'post' && (e.data as PostView).kind === 'recap') + 1;
    const first = await stream.next<RunView>('run', () => true, after);
    expect(first).toMatchObject({ status: 'ended', steps: [] });
    expect(
      stream.events
        .slice(after)
        .filter((e) => e.event === 'run')
        .map((e) => (e.data as RunView).status),
    ).not.toContain('running');
    stream.close();
  });
});
