import { beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../../src/core/engine/messages.js';
import { createRun } from '../../../src/core/engine/create-run.js';
import { Rooms, type RoomListener } from '../../../src/adapters/playground/rooms.js';
import { PlaygroundPort } from '../../../src/adapters/playground/playground-port.js';
import { roomChannel } from '../../../src/adapters/playground/room-channel.js';
import { runView } from '../../../src/adapters/playground/run-view.js';
import { webKeys, webStrings } from '../../../src/adapters/playground/web-strings.js';
import type { RenderKit } from '../../../src/adapters/playground/render-message.js';
import { realTranslator } from '../../support/fake-translator.js';
import { samplePlan } from '../../support/plans.js';

/** A tab that records what it receives. */
function recordingTab(user: string): RoomListener & { got: { event: string; data: unknown }[] } {
  const got: { event: string; data: unknown }[] = [];
  return { user, got, send: (event, data) => got.push({ event, data }), close: () => undefined };
}

let kit: RenderKit;
beforeAll(async () => {
  kit = { translator: await realTranslator(), command: '/roundtable' };
});

function setup() {
  const rooms = new Rooms();
  let seq = 0;
  const changed: string[] = [];
  const port = new PlaygroundPort({
    rooms,
    kit,
    now: () => 1_000,
    newId: () => `id${++seq}`,
    changed: (room) => changed.push(room),
  });
  const channel = roomChannel('demo');
  const alice = recordingTab('p-alice');
  const bob = recordingTab('p-bob');
  rooms.get('demo').listeners.add(alice).add(bob);
  return { rooms, port, channel, alice, bob, changed };
}

const question: Message = {
  kind: 'question',
  langs: ['en', 'fr'],
  number: 1,
  text: { en: 'Why?', fr: 'Pourquoi\u00a0?' },
  extra: false,
};

describe('the playground port', () => {
  it('posts to every tab of the room, with a permalink in the page, and finds a post again by its step key', async () => {
    const { port, channel, alice, bob, changed } = setup();
    const ref = await port.post(channel, question, { key: 'run-1:q1' });
    expect(ref).toEqual({ id: 'id1', permalink: '#post-id1' });
    for (const tab of [alice, bob])
      expect(tab.got).toEqual([
        {
          event: 'post',
          data: expect.objectContaining({ id: 'id1', kind: 'question', bot: true, threadable: true, summary: 'Q1' }),
        },
      ]);
    expect(changed).toEqual(['demo']);
    expect(await port.findPosted(channel, 'run-1:q1')).toEqual(ref);
    expect(await port.findPosted(channel, 'run-1:q2')).toBeUndefined();
    const link = await port.post(
      channel,
      { kind: 'answer-link', langs: ['en'], number: 1, author: 'Bob', text: 'Because.' },
      { key: 'run-1:link:m1', thread: ref },
    );
    expect(alice.got.at(-1)?.data).toMatchObject({
      id: link.id,
      thread: 'id1',
      kind: 'answer-link',
      threadable: false,
    });
  });

  it('replaces a post in place on update, and ignores an update of a post it never had (after a restart)', async () => {
    const { port, channel, alice } = setup();
    const ref = await port.post(channel, question, { key: 'k' });
    await port.update(channel, ref, {
      ...question,
      text: { en: 'Why now?', fr: 'Pourquoi maintenant\u00a0?' },
    } as Message);
    expect(alice.got.at(-1)).toMatchObject({ event: 'post', data: { id: ref.id } });
    expect((alice.got.at(-1)?.data as { html: string }).html).toContain('Why now?');
    const before = alice.got.length;
    await port.update(channel, { id: 'gone' }, question);
    expect(alice.got.length).toBe(before);
  });

  it('sends a reply only one person sees to that person’s tabs only', async () => {
    const { port, channel, alice, bob } = setup();
    await port.ephemeral(channel, 'p-bob', { kind: 'notice', langs: ['fr'], key: 'poll-closed', vars: { n: 1 } });
    expect(alice.got).toEqual([]);
    expect(bob.got).toEqual([{ event: 'notice', data: { html: expect.stringContaining('lang="fr"'), lang: 'fr' } }]);
  });

  it('takes any channel a plan names as a room', async () => {
    const { port } = setup();
    expect(await port.resolveChannel('#LeadersGC')).toEqual({
      platform: 'playground',
      id: 'leadersgc',
      name: '#leadersgc',
    });
    expect(await port.resolveChannel('#not a room')).toBeUndefined();
  });

  it('posts an uploaded export as a download link', async () => {
    const { port, channel, rooms, alice } = setup();
    await port.upload(channel, { name: 'recap <1>.md', title: 'Recap', content: '# Recap', mime: 'text/markdown' });
    const view = alice.got.at(-1)?.data as { id: string; html: string; kind: string };
    expect(view.kind).toBe('file');
    expect(view.html).toContain(`href="/playground/files/demo/${view.id}"`);
    expect(view.html).toContain('recap &lt;1&gt;.md');
    expect(rooms.get('demo').posts.get(view.id)?.file).toEqual({
      name: 'recap <1>.md',
      mime: 'text/markdown',
      content: '# Recap',
    });
  });
});

describe('rooms', () => {
  it('keeps a bounded number of rooms, dropping the least recently used one nobody listens to', () => {
    const rooms = new Rooms();
    rooms.get('watched').listeners.add(recordingTab('p-1'));
    for (let i = 0; i < 150; i++) rooms.get(`r${i}`);
    expect(rooms.all().length).toBeLessThanOrEqual(100);
    expect(rooms.find('watched')).toBeDefined();
    expect(rooms.find('r0')).toBeUndefined();
    expect(rooms.find('r149')).toBeDefined();
  });
});

describe('the run as the rehearsal panel shows it', () => {
  const plan = samplePlan();
  const run = createRun(plan, roomChannel('demo'), { id: 'r1', startedBy: 'u', now: 0, speed: 60 });

  it('gives each step still to come its wall-clock time at the run’s speed', () => {
    const view = runView({ ...run, decided: ['welcome'] }, 1_000);
    expect(view).toMatchObject({ status: 'running', speed: 60, elapsedMs: 60_000, endMs: 3_600_000 });
    expect(view.steps[0]).toEqual({
      id: 'q1',
      kind: 'question',
      number: 1,
      atMs: 300_000,
      at: 5_000,
      text: { en: 'Question 1?', fr: 'Question 1 ?' },
    });
    expect(view.steps.find((s) => s.id === 'p1-open')).toMatchObject({ at: 10_000, text: { en: 'How often?' } });
  });

  it('gives no wall-clock time while paused, and no step once ended', () => {
    expect(runView({ ...run, status: 'paused', pausedAt: 500 }, 9_000).steps.every((s) => s.at === undefined)).toBe(
      true,
    );
    expect(runView({ ...run, status: 'ended' }, 9_000).steps).toEqual([]);
  });
});

describe('the words of the page', () => {
  it('are every key of the web namespace, plural forms included, each language keeping only its own forms', async () => {
    const keys = webKeys();
    expect(keys).toEqual(
      expect.arrayContaining(['title', 'replies_one', 'replies_many', 'step.question', 'post.vote']),
    );
    const en = webStrings(kit.translator, 'en', keys);
    const fr = webStrings(kit.translator, 'fr', keys);
    expect(en.replies_many).toBeUndefined();
    expect(fr.replies_many).toBe('{{count}} de réponses');
    expect(fr['step.question']).toBe('Q{{n}}');
    expect(en.placeholder).toContain('{{command}}');
  });
});
