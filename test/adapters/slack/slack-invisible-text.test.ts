/**
 * Why: a display name or an answer can hide a bidi override (`‮txt.exe` reads as
 * `exe.txt`) or another invisible control character. Through a real process on Slack, a
 * person with such a name answers with such a text: the copy the bot posts in the
 * question's thread and the exports the organizer asks for show the visible text, and not
 * one of the invisible characters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackProcess, waitFor, type SlackProcess } from '../../e2e/support/slack-process.js';

const CHANNEL = 'C0BIDI0001';
/** Every kind the product contract names: overrides and embeddings, isolates, marks, zero-width and control codes. */
const INVISIBLE = [
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200E',
  '\u200F',
  '\u061C',
  '\u200B',
  '\uFEFF',
  '\u0007',
  '\u001B',
];
// eslint-disable-next-line no-control-regex -- the control characters are what the test looks for
const FOUND = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B\uFEFF\u0000-\u0008\u000B\u000C\u000E-\u001F]/u;

describe('invisible control characters in names and answers', () => {
  let p: SlackProcess;
  beforeAll(async () => {
    p = await startSlackProcess({
      mode: 'http',
      speed: 1,
      setup: (s) => {
        s.addChannel(CHANNEL, { name: 'bidi' });
        s.addUser({ id: 'U_ORG', name: 'organizer', locale: 'en-CA' });
        s.addUser({
          id: 'U0MALLORY1',
          name: 'mallory\u202Etxt.exe',
          realName: 'Mallory\u2066 \u202Egnp.exe\u2069',
          locale: 'en-CA',
        });
      },
    });
  });
  afterAll(async () => {
    await p?.stop();
  });

  const command = (text: string) =>
    p.driver.command({ command: '/roundtable', text, user_id: 'U_ORG', channel_id: CHANNEL });

  it('neither the copy in the thread nor the CSV and Markdown exports carry them', async () => {
    await command('start leadersgc-monthly');
    await waitFor('the welcome', () => p.standin.messages(CHANNEL).length >= 1, 15_000);
    await command('next');
    const q1 = await waitFor(
      'Q1',
      () => p.standin.messages(CHANNEL).find((m) => String(m.metadata?.event_payload.key).endsWith(':q1')),
      15_000,
    );
    const answer = `A1 invoice${INVISIBLE.join('')}fdp.exe is safe`;
    expect((await p.driver.event(p.standin.userPost(CHANNEL, 'U0MALLORY1', answer))).status).toBe(200);
    const copy = await waitFor(
      'the copy in Q1’s thread',
      () => p.standin.thread(CHANNEL, q1.ts).find((m) => m.botId && m.text.includes('fdp.exe')),
      15_000,
    );
    expect(copy.text).toContain('invoicefdp.exe is safe');
    await command('export csv');
    await command('export md');
    const files = await waitFor(
      'both exports',
      () => {
        const done = p.standin.files().filter((f) => f.completed && /\.(csv|md)$/.test(f.name));
        return done.length === 2 ? done : undefined;
      },
      20_000,
    );
    const blocks = JSON.stringify(copy.blocks);
    // The CSV starts with a byte order mark on purpose (spreadsheets read it as UTF-8); none elsewhere.
    const shown = [copy.text, blocks, ...files.map((f) => f.bytes!.toString('utf8').replace(/^\uFEFF/, ''))];
    for (const text of shown) expect(FOUND.exec(text)?.[0].codePointAt(0)?.toString(16)).toBeUndefined();
    // JSON writes control codes as escapes: none there either.
    expect(blocks).not.toMatch(/\\u00[01][0-9a-f]/);
    for (const file of files) expect(file.bytes!.toString('utf8')).toContain('invoicefdp.exe is safe');
  });
});
