/**
 * The end of a chat, driven through the service with a fake clock: an answer counts until the
 * end steps are decided (by its platform time), whatever the path; after that it is refused
 * and its author told privately, and the recap and the CSV hold the same answers.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { engineHarness } from '../../support/engine-harness.js';
import { exportInputOf } from '../../../src/infra/create-exporter.js';
import { exportCsv } from '../../../src/core/export/export-csv.js';

const MIN = 60_000;

/** A 60-minute chat played up to 59:30, ticking every 30 s. */
async function nearTheEnd() {
  const h = engineHarness();
  await h.service.command(h.channel, h.organizer, 'start sample-chat');
  for (let i = 0; i < 119; i++) {
    await h.clock.advance(MIN / 2);
    await h.service.tick();
  }
  const q = (n: number) => h.port.posts.find((p) => p.message.kind === 'question' && p.message.number === n)!;
  const recap = () => {
    const m = h.port.posts.find((p) => p.message.kind === 'recap')?.message;
    return m?.kind === 'recap' ? m.recap : undefined;
  };
  const csvIds = async (): Promise<string[]> => {
    const run = (await h.store.getRun('run-1'))!;
    const rows = parse(exportCsv(await exportInputOf(h.store, run, h.clock.now())).replace(/^\uFEFF/, ''), {
      columns: true,
    }) as { kind: string; text: string }[];
    return rows
      .filter((r) => r.kind === 'answer')
      .map((r) => r.text)
      .sort();
  };
  return { ...h, q, recap, csvIds };
}

describe('the end of a chat', () => {
  it('counts a reply sent 200 ms after the end time, before the end is decided, in the recap and the CSV alike', async () => {
    const h = await nearTheEnd();
    await h.service.message(h.channel, h.person(1), { id: 'early', text: 'in good time', threadId: h.q(4).id });
    await h.clock.advance(MIN / 2 + 200); // 60:00.200: the end time has passed, no tick has decided the end yet
    const reply = await h.service.message(h.channel, h.person(2), {
      id: 'window',
      text: 'just in time',
      threadId: h.q(4).id,
      sentAt: h.clock.now(),
    });
    expect(reply).toBeUndefined();
    await h.service.tick(); // the end steps are decided now: that moment is the end
    expect((await h.store.getRun('run-1'))?.endedAt).toBe(h.clock.now());
    expect(h.recap()?.answers).toBe(2);
    expect(h.recap()?.questions.find((q) => q.number === 4)?.answers).toBe(2);
    expect(await h.csvIds()).toEqual(['in good time', 'just in time']);
  });

  it('refuses an answer sent after the end on every path, telling its author in their language; a redelivery of an in-time answer still counts', async () => {
    const h = await nearTheEnd();
    await h.service.message(h.channel, h.person(1), { id: 'kept', text: 'A4: before the end', sentAt: h.clock.now() });
    await h.clock.advance(MIN / 2);
    await h.service.tick();
    const end = (await h.store.getRun('run-1'))!.endedAt!;
    await h.clock.advance(1);
    const french = { ...h.person(2), locale: 'fr-CA' };
    const thread = await h.service.message(h.channel, french, { id: 'late1', text: 'trop tard', threadId: h.q(4).id });
    const prefixed = await h.service.message(h.channel, h.person(3), { id: 'late2', text: 'A4 too late' });
    expect(thread).toMatchObject({ kind: 'notice', key: 'answer-late', langs: ['fr'] });
    expect(prefixed).toMatchObject({ kind: 'notice', key: 'answer-late', langs: ['en'] });
    // Slack delivers the in-time answer again after the end, with its own (earlier) timestamp.
    expect(
      await h.service.message(h.channel, h.person(1), { id: 'kept', text: 'A4: before the end', sentAt: end - 5 }),
    ).toBeUndefined();
    expect((await h.store.listAnswers('run-1')).map((a) => a.id)).toEqual(['kept']);
    expect(h.recap()?.answers).toBe(1);
    expect(await h.csvIds()).toEqual(['before the end']);
  });

  it('ignores edits and deletions after the end, and tells their author how to delete their answers', async () => {
    const h = await nearTheEnd();
    await h.service.message(h.channel, h.person(1), { id: 'a1', text: 'original', threadId: h.q(4).id });
    await h.clock.advance(MIN / 2);
    await h.service.tick();
    await h.clock.advance(1_000);
    expect(await h.service.edit(h.channel, 'a1', 'changed', { author: h.person(1) })).toMatchObject({
      key: 'change-late',
      vars: { sub: 'forget-me' },
    });
    expect(await h.service.remove(h.channel, 'a1', { author: h.person(1) })).toMatchObject({ key: 'change-late' });
    expect((await h.store.getAnswer('run-1', 'a1'))?.text).toBe('original');
    expect(await h.csvIds()).toEqual(['original']);
  });

  it('refuses an in-time answer that reaches the store only after the recap counted the answers, so the exports still match the recap', async () => {
    const h = await nearTheEnd();
    const sentAt = h.clock.now() + MIN / 2 - 50; // sent 50 ms before the end, delivered long after
    await h.clock.advance(MIN / 2);
    await h.service.tick();
    expect(h.recap()?.answers).toBe(0);
    await h.clock.advance(3 * MIN);
    const late = await h.service.message(h.channel, h.person(4), {
      id: 'slow',
      text: 'delayed delivery',
      threadId: h.q(4).id,
      sentAt,
    });
    expect(late).toMatchObject({ key: 'answer-late' });
    expect(await h.store.listAnswers('run-1')).toEqual([]);
    expect(await h.csvIds()).toEqual([]);
  });
});
