import { describe, expect, it } from 'vitest';
import { engineHarness } from '../../support/engine-harness.js';
import { encodeVoteValue } from '../../../src/core/engine/vote-value.js';
import { matchedAnswers } from '../../../src/core/engine/answers.js';
import type { Run } from '../../../src/core/engine/run.js';
import { MemoryStore } from '../../../src/infra/memory-store.js';
import { FakeClock } from '../../support/fake-clock.js';
import { RecordingPort } from '../../support/recording-port.js';

const MIN = 60_000;

async function play(h: ReturnType<typeof engineHarness>, minutes: number) {
  for (let i = 0; i < minutes * 2; i++) {
    await h.clock.advance(MIN / 2);
    await h.service.tick();
  }
}

async function started(minutes: number) {
  const h = engineHarness();
  await h.service.command(h.channel, h.organizer, 'start sample-chat');
  await play(h, minutes);
  const q = (n: number) => h.port.posts.find((p) => p.message.kind === 'question' && p.message.number === n)!;
  const poll = (n: number) => h.port.posts.find((p) => p.message.kind === 'poll' && p.message.number === n)!;
  return { ...h, q, poll };
}

describe('answers', () => {
  it('counts thread replies and A<k>/R<k> messages, links the latter into the thread, and hints at unknown numbers', async () => {
    const h = await started(16);
    await h.service.message(h.channel, h.person(1), { id: 'a1', text: 'Trust and candour.', threadId: h.q(1).id });
    await h.service.message(h.channel, h.person(2), { id: 'a2', text: 'r2 - Des pauses régulières' });
    await h.service.message(h.channel, h.person(3), { id: 'a3', text: 'A1: people listen' });
    const hint = await h.service.message(h.channel, h.person(4), { id: 'a4', text: 'A9 hello' });
    await h.service.message(h.channel, h.person(5), { id: 'x', text: 'just chatting' });
    expect(hint).toMatchObject({ kind: 'notice', key: 'unknown-question', vars: { n: 9 } });
    const answers = await h.store.listAnswers('run-1');
    expect(answers.map((a) => [a.id, a.number, a.text, a.via])).toEqual([
      ['a1', 1, 'Trust and candour.', 'thread'],
      ['a2', 2, 'Des pauses régulières', 'prefix'],
      ['a3', 1, 'people listen', 'prefix'],
    ]);
    const links = h.port.posts.filter((p) => p.message.kind === 'answer-link');
    expect(links.map((l) => [l.thread, l.message.kind === 'answer-link' && l.message.number])).toEqual([
      [h.q(2).id, 2],
      [h.q(1).id, 1],
    ]);
    // A redelivered A<k> message is stored once and linked once.
    await h.service.message(h.channel, h.person(3), { id: 'a3', text: 'A1: people listen' });
    expect(await h.store.listAnswers('run-1')).toHaveLength(3);
    expect(h.port.posts.filter((p) => p.message.kind === 'answer-link')).toHaveLength(2);
  });

  it('never answers a blank reply, a bare A1 or a 50,000-character paste with silence: the author hears why, nothing is stored', async () => {
    const h = await started(6);
    const say = (id: string, text: string, threadId?: string) =>
      h.service.message(h.channel, h.person(1), { id, text, ...(threadId ? { threadId } : {}) });
    expect(await say('m1', '   ', h.q(1).id)).toMatchObject({ kind: 'notice', key: 'empty-answer', vars: { n: 1 } });
    expect(await say('m2', 'A1')).toMatchObject({ kind: 'notice', key: 'empty-answer', vars: { n: 1 } });
    expect(await say('m3', ' r1 : ')).toMatchObject({ kind: 'notice', key: 'empty-answer', vars: { n: 1 } });
    expect(await say('m4', 'A1', h.q(1).id)).toMatchObject({ kind: 'notice', key: 'empty-answer', vars: { n: 1 } });
    expect(await say('m5', `A1 ${'x'.repeat(50_000)}`)).toMatchObject({
      kind: 'notice',
      key: 'too-long',
      vars: { max: 4000 },
    });
    expect(await say('m6', 'é'.repeat(4001), h.q(1).id)).toMatchObject({
      kind: 'notice',
      key: 'too-long',
      vars: { max: 4000 },
    });
    expect(await h.store.listAnswers('run-1')).toEqual([]);
    // At the limit, counted in code points (an emoji is one), the answer is taken.
    expect(await say('m7', '🙂'.repeat(4000), h.q(1).id)).toBeUndefined();
    expect((await h.store.listAnswers('run-1')).map((a) => a.id)).toEqual(['m7']);
  });

  it('follows edits and deletions, and counts each reaction once for the highlight', async () => {
    const h = await started(6);
    await h.service.message(h.channel, h.person(1), { id: 'a1', text: 'first', threadId: h.q(1).id });
    await h.service.message(h.channel, h.person(2), { id: 'a2', text: 'second', threadId: h.q(1).id });
    await h.service.message(h.channel, h.person(3), { id: 'a3', text: 'third', threadId: h.q(1).id });
    await h.service.edit(h.channel, 'a2', 'second, edited');
    await h.service.remove(h.channel, 'a3');
    for (const u of [4, 5, 5]) await h.service.react(h.channel, h.person(u), 'a2', 'clap', true);
    await h.service.react(h.channel, h.person(6), 'a1', 'heart', true);
    await h.service.react(h.channel, h.person(6), 'a1', 'heart', false);
    await h.service.command(h.channel, h.organizer, 'stop');
    const recap = h.port.posts.at(-1)!.message;
    if (recap.kind !== 'recap') throw new Error('no recap');
    expect(recap.recap.answers).toBe(2);
    expect(recap.recap.participants).toBe(2);
    expect(recap.recap.questions[0]).toMatchObject({
      answers: 2,
      highlight: { text: 'second, edited', reactions: 2, author: 'Person 2' },
    });
  });
});

describe('votes', () => {
  it('a single-choice vote can be changed and withdrawn; the final tally is exact', async () => {
    const h = await started(11);
    const value = (o: number) => encodeVoteValue({ runId: 'run-1', poll: 1, option: o });
    expect(await h.service.vote(h.channel, h.person(1), value(0))).toMatchObject({ key: 'vote-recorded' });
    await h.service.vote(h.channel, h.person(2), value(0));
    await h.service.vote(h.channel, h.person(2), value(1));
    await h.service.vote(h.channel, h.person(3), value(2));
    const withdraw = encodeVoteValue({ runId: 'run-1', poll: 1, option: 'withdraw' });
    expect(await h.service.vote(h.channel, h.person(3), withdraw)).toMatchObject({
      key: 'vote-withdrawn',
      vote: { options: [] },
    });
    await play(h, 20);
    const final = h.poll(1).updates.at(-1);
    expect(final).toMatchObject({ kind: 'poll', closed: true, tally: { counts: [1, 1, 0], voters: 2 } });
    expect(await h.service.vote(h.channel, h.person(4), value(0))).toMatchObject({ key: 'poll-closed', langs: ['en'] });
  });

  it('live results update the post at most once every 2 seconds, with the latest count', async () => {
    const h = await started(11);
    for (let i = 0; i < 30; i++)
      await h.service.vote(h.channel, h.person(i), encodeVoteValue({ runId: 'run-1', poll: 1, option: i % 3 }));
    expect(h.poll(1).updates).toHaveLength(0);
    await h.clock.advance(1);
    expect(h.poll(1).updates).toHaveLength(1);
    for (let i = 30; i < 40; i++)
      await h.service.vote(h.channel, h.person(i), encodeVoteValue({ runId: 'run-1', poll: 1, option: 0 }));
    await h.clock.advance(1000);
    expect(h.poll(1).updates).toHaveLength(1);
    await h.clock.advance(1000);
    expect(h.poll(1).updates).toHaveLength(2);
    expect(h.poll(1).updates.at(-1)).toMatchObject({ tally: { counts: [20, 10, 10], voters: 40 } });
  });

  it('multiple: N keeps up to N options; anonymous ballots name nobody; hidden results stay hidden until close', async () => {
    const h = await started(21);
    const value = (o: number) => encodeVoteValue({ runId: 'run-1', poll: 2, option: o });
    await h.service.vote(h.channel, h.person(1), value(0));
    await h.service.vote(h.channel, h.person(1), value(2));
    expect(await h.service.vote(h.channel, h.person(1), value(1))).toMatchObject({
      key: 'vote-too-many',
      vars: { max: 2 },
    });
    const ballots = await h.store.listBallots('run-1', 2);
    expect(ballots).toHaveLength(1);
    expect(ballots[0]!.options).toEqual([0, 2]);
    expect(ballots[0]!.user).toBeUndefined();
    expect(JSON.stringify(ballots)).not.toContain('U1');
    await h.clock.advance(5000);
    expect(h.poll(2).updates).toHaveLength(0);
    expect(h.poll(2).message).toMatchObject({ hidden: true });
    await h.service.command(h.channel, h.organizer, 'stop');
    expect(h.poll(2).updates.at(-1)).toMatchObject({
      hidden: false,
      closed: true,
      tally: { counts: [1, 0, 1], voters: 1 },
    });
  });

  it('a click delivered twice counts once; the repeat is answered with the voter’s current choice', async () => {
    const h = await started(11);
    const click = encodeVoteValue({ runId: 'run-1', poll: 1, option: 1 });
    expect(await h.service.voteOnce(h.channel, h.person(1), click, 'delivery-1')).toMatchObject({
      key: 'vote-recorded',
      vars: { options: 'Rarely' },
    });
    expect(await h.service.voteOnce(h.channel, h.person(1), click, 'delivery-1')).toMatchObject({
      key: 'vote-recorded',
      vars: { options: 'Rarely' },
    });
    expect((await h.store.listBallots('run-1', 1)).map((b) => b.options)).toEqual([[1]]);
    // A withdrawal delivered twice: withdrawn once, and its repeat says so.
    const withdraw = encodeVoteValue({ runId: 'run-1', poll: 1, option: 'withdraw' });
    expect(await h.service.voteOnce(h.channel, h.person(1), withdraw, 'delivery-2')).toMatchObject({
      key: 'vote-withdrawn',
    });
    expect(await h.service.voteOnce(h.channel, h.person(1), withdraw, 'delivery-2')).toMatchObject({
      key: 'vote-withdrawn',
    });
    expect(await h.store.listBallots('run-1', 1)).toEqual([]);
  });

  it('a double click is one click; a later click on the same option keeps the vote; withdrawing is its own act', async () => {
    const h = await started(11);
    const value = (o: number | 'withdraw') => encodeVoteValue({ runId: 'run-1', poll: 1, option: o });
    const recorded = {
      key: 'vote-recorded',
      vars: { options: 'Rarely' },
      vote: { runId: 'run-1', poll: 1, options: [1] },
    };
    expect(await h.service.vote(h.channel, h.person(1), value(1))).toMatchObject(recorded);
    await h.clock.advance(300);
    expect(await h.service.vote(h.channel, h.person(1), value(1))).toMatchObject(recorded);
    await h.clock.advance(2000);
    expect(await h.service.vote(h.channel, h.person(1), value(1))).toMatchObject({
      key: 'vote-kept',
      vars: { options: 'Rarely' },
      vote: { options: [1] },
    });
    expect((await h.store.listBallots('run-1', 1)).map((b) => b.options)).toEqual([[1]]);
    expect(await h.service.vote(h.channel, h.person(1), value('withdraw'))).toMatchObject({
      key: 'vote-withdrawn',
      vote: { options: [] },
    });
    expect(await h.service.vote(h.channel, h.person(1), value('withdraw'))).toMatchObject({
      key: 'vote-none',
      vote: { options: [] },
    });
    expect(await h.store.listBallots('run-1', 1)).toEqual([]);
    await play(h, 20);
    expect(h.poll(1).updates.at(-1)).toMatchObject({ closed: true, tally: { counts: [0, 0, 0], voters: 0 } });
    expect(await h.service.vote(h.channel, h.person(1), value('withdraw'))).toMatchObject({ key: 'poll-closed' });
  });

  it('a double click in an anonymous poll is one click too, though the ballot keeps its time only to the minute', async () => {
    const h = await started(21);
    await h.clock.advance(MIN / 2 + 1234); // mid-minute, so the stored time is cut back by more than 2 s
    const value = encodeVoteValue({ runId: 'run-1', poll: 2, option: 0 });
    expect(await h.service.vote(h.channel, h.person(1), value)).toMatchObject({
      key: 'vote-recorded',
      vote: { options: [0] },
    });
    const [ballot] = await h.store.listBallots('run-1', 2);
    expect(ballot!.at % MIN).toBe(0);
    await h.clock.advance(300);
    expect(await h.service.vote(h.channel, h.person(1), value)).toMatchObject({
      key: 'vote-recorded',
      vote: { options: [0] },
    });
    await h.clock.advance(2000);
    expect(await h.service.vote(h.channel, h.person(1), value)).toMatchObject({
      key: 'vote-kept',
      vote: { options: [0] },
    });
    expect((await h.store.listBallots('run-1', 2)).map((b) => b.options)).toEqual([[0]]);
  });

  it('refuses forged and stale button values', async () => {
    const h = await started(11);
    expect(await h.service.vote(h.channel, h.person(1), 'vote|other-run|1|0')).toMatchObject({ key: 'poll-unknown' });
    expect(await h.service.vote(h.channel, h.person(1), 'garbage')).toMatchObject({ key: 'poll-unknown' });
    expect(
      await h.service.vote(h.channel, h.person(1), encodeVoteValue({ runId: 'run-1', poll: 1, option: 7 })),
    ).toMatchObject({ key: 'poll-unknown' });
    expect(await h.store.listBallots('run-1', 1)).toHaveLength(0);
  });

  it('forget-me removes a person’s answers and ballots, anonymous ones included', async () => {
    const h = await started(21);
    await h.service.message(h.channel, h.person(1), { id: 'a1', text: 'mine', threadId: h.q(1).id });
    await h.service.message(h.channel, h.person(2), { id: 'a2', text: 'theirs', threadId: h.q(1).id });
    await h.service.vote(h.channel, h.person(1), encodeVoteValue({ runId: 'run-1', poll: 1, option: 0 }));
    await h.service.vote(h.channel, h.person(1), encodeVoteValue({ runId: 'run-1', poll: 2, option: 1 }));
    expect(await h.service.command(h.channel, h.person(1), 'forget-me')).toMatchObject([
      { key: 'forgotten', vars: { count: 3 } },
    ]);
    expect((await h.store.listAnswers('run-1')).map((a) => a.id)).toEqual(['a2']);
    expect(await h.store.listBallots('run-1', 1)).toHaveLength(0);
    expect(await h.store.listBallots('run-1', 2)).toHaveLength(0);
  });
});

describe('live poll updates racing the close', () => {
  it('a live update that lands after the poll closed is followed by the final result again', async () => {
    const h = await started(11);
    const poll = h.poll(1);
    const realUpdate = h.port.update.bind(h.port);
    let raced = false;
    h.port.update = async (channel, ref, message) => {
      if (!raced && message.kind === 'poll' && !message.closed) {
        raced = true;
        await h.service.command(h.channel, h.organizer, 'stop'); // the close lands first...
      }
      return realUpdate(channel, ref, message); // ...then the live update arrives
    };
    await h.service.vote(h.channel, h.person(1), encodeVoteValue({ runId: 'run-1', poll: 1, option: 2 }));
    await h.clock.advance(1);
    expect(raced).toBe(true);
    expect(poll.updates.map((m) => m.kind === 'poll' && m.closed)).toEqual([true, false, true]);
    expect(poll.updates.at(-1)).toMatchObject({ closed: true, tally: { counts: [0, 0, 1], voters: 1 } });
  });
});

describe('the clock closes polls even before the next tick', () => {
  it('refuses a vote after the poll’s closing time', async () => {
    const h = await started(29);
    await h.clock.advance(61_000); // 30:01: poll 1 closes at 30:00, no tick has run yet
    expect(
      await h.service.vote(h.channel, h.person(1), encodeVoteValue({ runId: 'run-1', poll: 1, option: 0 })),
    ).toMatchObject({ key: 'poll-closed' });
    expect(await h.store.listBallots('run-1', 1)).toEqual([]);
  });
});

describe('a reply that arrives while its question is being posted', () => {
  it('is stored before the reply waits for the post, so a process that dies then loses nothing', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore(() => clock.now());
    const first = engineHarness({ clock, store, port: new ReplyDuringPost('run-1:q1') });
    const port = first.port as ReplyDuringPost;
    // Someone replies in Q1's thread the moment Slack accepted Q1, before the bot heard back.
    port.onPosted = (id) =>
      void first.service.message(first.channel, first.person(7), { id: 'fast', text: 'A1: first in', threadId: id });
    port.beforeReturn = async () => {
      for (let i = 0; i < 1000 && !(await store.getAnswer('run-1', 'fast')); i++)
        await new Promise((resolve) => setImmediate(resolve));
      throw new Error('connection reset after post'); // the process dies here: Q1 posted, its ref never journaled
    };
    await first.service.command(first.channel, first.organizer, 'start sample-chat');
    await play(first, 5); // Q1 is due at 5:00
    const q1 = port.posts.find((p) => p.key === 'run-1:q1')!;
    expect(await store.getAnswer('run-1', 'fast')).toMatchObject({ number: 0, thread: q1.id, user: { id: 'U7' } });

    // Another process takes over: it finds Q1 already posted and the kept reply counts under it.
    const second = engineHarness({ clock, store, port });
    await play(second, 61);
    expect(port.posts.filter((p) => p.key === 'run-1:q1')).toHaveLength(1);
    const recap = await second.service.runner.recapOf((await store.getRun('run-1'))!);
    expect(recap.questions.find((q) => q.number === 1)?.answers).toBe(1);
    expect(recap.answers).toBe(1);
    const [answer] = matchedAnswers((await store.getRun('run-1'))!, await store.listAnswers('run-1'));
    expect(answer).toMatchObject({ id: 'fast', number: 1, text: 'first in' });
    expect(answer).not.toHaveProperty('thread');
  });

  it('is left out of the recap when no question was ever posted under the post it replied to', () => {
    const run = { questions: [{ number: 1, ref: { id: 'm1' } }] } as unknown as Run;
    const base = { user: { id: 'U1', name: 'One' }, at: 0, reactions: 0, via: 'thread' as const };
    const kept = matchedAnswers(run, [
      { ...base, id: 'a', number: 0, thread: 'm9', text: 'elsewhere' },
      { ...base, id: 'b', number: 0, thread: 'm1', text: 'matched' },
      { ...base, id: 'c', number: 2, text: 'already matched' },
    ]);
    expect(kept.map((a) => [a.id, a.number])).toEqual([
      ['b', 1],
      ['c', 2],
    ]);
  });
});

/** A channel where a person replies to a post the moment it exists, before the bot hears back. */
class ReplyDuringPost extends RecordingPort {
  onPosted?: (id: string) => void;
  beforeReturn?: () => Promise<void>;

  constructor(private readonly key: string) {
    super(true);
  }

  override async post(...args: Parameters<RecordingPort['post']>) {
    const ref = await super.post(...args);
    if (args[2].key !== this.key || !this.onPosted) return ref;
    this.onPosted(ref.id);
    this.onPosted = undefined;
    await this.beforeReturn?.();
    return ref;
  }
}
