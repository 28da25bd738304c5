/**
 * The recap and every export always agree: answers sent and delivered at random moments
 * around the end (before it, while the closing and the recap are being posted, after) end up
 * in the recap, the CSV, the Markdown and the HTML alike, or in none of them, their author told.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { engineHarness } from '../../support/engine-harness.js';
import { RecordingPort } from '../../support/recording-port.js';
import { exportInputOf, renderExport } from '../../../src/infra/create-exporter.js';
import { createTranslator } from '../../../src/infra/i18n.js';
import type { ChannelRef, MessageRef } from '../../../src/core/engine/run.js';
import type { Message } from '../../../src/core/engine/messages.js';

const MIN = 60_000;
const END = 60 * MIN;

/** A channel where the closing and the recap posts wait until the test lets them through. */
class HeldEndPort extends RecordingPort {
  readonly gates = new Map<string, () => void>();
  readonly waiting = new Map<string, Promise<void>>();

  hold(step: string): void {
    this.waiting.set(step, new Promise((resolve) => this.gates.set(step, resolve)));
  }

  override async post(
    channel: ChannelRef,
    message: Message,
    opts: { key: string; thread?: MessageRef },
  ): Promise<MessageRef> {
    const step = opts.key.split(':').at(-1) ?? '';
    await this.waiting.get(step);
    return super.post(channel, message, opts);
  }
}

/** One answer: sent `sentOffset` ms from the end time, delivered `delay` ms later, in phase `phase`. */
interface Shot {
  sentOffset: number;
  delay: number;
  question: number;
  prefix: boolean;
}

const shot = fc.record({
  sentOffset: fc.integer({ min: -3_000, max: 3_000 }),
  delay: fc.integer({ min: 0, max: 4_000 }),
  question: fc.integer({ min: 1, max: 4 }),
  prefix: fc.boolean(),
});

async function playAround(shots: Shot[]) {
  const port = new HeldEndPort(true);
  const h = engineHarness({ port });
  await h.service.command(h.channel, h.organizer, 'start sample-chat');
  const start = (await h.store.getRun('run-1'))!.startedAt;
  while (h.clock.now() < start + END - 5_000) {
    await h.clock.advance(Math.min(MIN / 2, start + END - 5_000 - h.clock.now()));
    await h.service.tick();
  }
  const qs = new Map(
    h.port.posts.flatMap((p) => (p.message.kind === 'question' ? [[p.message.number, p.id] as const] : [])),
  );
  port.hold('closing');
  port.hold('recap');
  const byDelivery = shots
    .map((s, i) => ({ ...s, i, at: start + END + s.sentOffset + s.delay }))
    .sort((a, b) => a.at - b.at);
  const told = new Set<string>();
  const deliver = async (until: number) => {
    while (byDelivery.length > 0 && byDelivery[0]!.at <= until) {
      const s = byDelivery.shift()!;
      await h.clock.advance(Math.max(0, s.at - h.clock.now()));
      const text = `zq${s.i}x`;
      const msg = s.prefix
        ? { id: `m${s.i}`, text: `A${s.question} ${text}` }
        : { id: `m${s.i}`, text, threadId: qs.get(s.question)! };
      const reply = await h.service.message(h.channel, h.person(s.i), { ...msg, sentAt: s.at - s.delay });
      if (reply?.kind === 'notice' && reply.key === 'answer-late') told.add(text);
    }
  };
  await deliver(start + END - 1);
  await h.clock.advance(start + END - h.clock.now());
  const ending = h.service.tick(); // the end is decided now; the closing post waits
  await deliver(start + END + 2_000);
  port.gates.get('closing')!();
  // The recap counts the answers, then its post waits (an answer stored meanwhile waits for the count on the clock).
  while (!(await h.store.getRun('run-1'))!.counted) await new Promise((resolve) => setImmediate(resolve));
  await deliver(start + END + 4_000);
  port.gates.get('recap')!();
  await ending;
  await deliver(Number.POSITIVE_INFINITY);
  return { h, told };
}

describe('the recap and every export hold the same answers', () => {
  it('whenever answers are sent and delivered around the end', async () => {
    const translator = await createTranslator();
    await fc.assert(
      fc.asyncProperty(fc.array(shot, { minLength: 1, maxLength: 12 }), async (shots) => {
        const { h, told } = await playAround(shots);
        const run = (await h.store.getRun('run-1'))!;
        const recap = h.port.posts.find((p) => p.message.kind === 'recap')!.message;
        if (recap.kind !== 'recap') throw new Error('no recap');
        const input = await exportInputOf(h.store, run, h.clock.now());
        const rows = parse(renderExport(input, 'csv', translator).content.replace(/^\uFEFF/, ''), {
          columns: true,
        }) as { kind: string; number: string; text: string }[];
        const inCsv = rows
          .filter((r) => r.kind === 'answer')
          .map((r) => r.text)
          .sort();
        const md = renderExport(input, 'md', translator).content;
        const html = renderExport(input, 'html', translator).content;
        const all = shots.map((_, i) => `zq${i}x`);
        expect(all.filter((t) => md.includes(t)).sort()).toEqual(inCsv);
        expect(all.filter((t) => html.includes(t)).sort()).toEqual(inCsv);
        expect(recap.recap.answers).toBe(inCsv.length);
        expect(recap.recap.questions.map((q) => q.answers)).toEqual(
          recap.recap.questions.map(
            (q) => rows.filter((r) => r.kind === 'answer' && Number(r.number) === q.number).length,
          ),
        );
        // Every answer is counted or its author told, never both, never neither.
        expect(all.filter((t) => !inCsv.includes(t)).sort()).toEqual([...told].sort());
        // The rule: sent by the end moment the run records, and no later.
        for (const [i, s] of shots.entries())
          if (run.startedAt + END + s.sentOffset > run.endedAt!) expect(inCsv).not.toContain(`zq${i}x`);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
