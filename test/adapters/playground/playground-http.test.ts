import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEvents, postJson, startPlayground, type Playground } from './playground-server.js';
import type { PostView } from '../../../src/adapters/playground/rooms.js';
import type { RunView } from '../../../src/adapters/playground/run-view.js';
import { personIdOf } from '../../../src/adapters/playground/person-id.js';
import { PLAYGROUND_ORGANIZER } from '../../../src/adapters/playground/playground-api.js';

type Notices = { html: string; lang: string }[];

// A person is their name in a room: the server derives the participant id (`personIdOf`).
const alice = { name: 'Alice', organizer: true };
const bob = { name: 'Bob' };
const text = (html: string): string => html.replace(/<[^>]+>/g, ' ').replace(/[ \t\r\n]+/g, ' ');

let pg: Playground;
beforeAll(async () => {
  pg = await startPlayground();
});
afterAll(async () => {
  await pg.stop();
});

describe('the playground page and its files', () => {
  it('serves the page at / and its scripts and styles with a strict content security policy', async () => {
    const page = await fetch(`${pg.base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/playground/app.js"></script>');
    for (const file of ['app.js', 'posts.js', 'rehearsal.js', 'strings.js', 'follow.js', 'notices.js', 'style.css']) {
      const res = await fetch(`${pg.base}/playground/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type'), file).toMatch(file.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
    }
  });

  it('serves nothing else from the disk', async () => {
    for (const p of [
      '/playground/%2e%2e%2fplayground-routes.ts',
      '/playground/..%2f..%2fpackage.json',
      '/playground/nope.js',
      '/playground/playground-api.ts',
    ]) {
      expect((await fetch(`${pg.base}${p}`)).status, p).toBe(404);
    }
  });

  it('sends the words of the page from the translator, with the same keys in English and French', async () => {
    const en = (await (await fetch(`${pg.base}/playground/api/strings?lang=en`)).json()) as {
      lang: string;
      command: string;
      strings: Record<string, string>;
    };
    const fr = (await (await fetch(`${pg.base}/playground/api/strings?lang=fr`)).json()) as typeof en;
    expect(en.lang).toBe('en');
    expect(fr.lang).toBe('fr');
    expect(en.command).toBe('/roundtable');
    expect(en.strings.title).toBe('Roundtable playground');
    expect(fr.strings.title).toBe('Bac à sable Roundtable');
    const base = (keys: string[]) =>
      [...new Set(keys.map((k) => k.replace(/_(zero|one|two|few|many|other)$/, '')))].sort();
    expect(base(Object.keys(fr.strings))).toEqual(base(Object.keys(en.strings)));
    expect(Object.values(en.strings).filter((s) => s.startsWith('web:'))).toEqual([]);
  });

  it('has a word for every key the page uses', async () => {
    const { strings } = (await (await fetch(`${pg.base}/playground/api/strings?lang=fr`)).json()) as {
      strings: Record<string, string>;
    };
    const known = new Set(Object.keys(strings).map((k) => k.replace(/_(zero|one|two|few|many|other)$/, '')));
    const dir = 'src/adapters/playground/public';
    const html = readFileSync(`${dir}/index.html`, 'utf8');
    const used = [...html.matchAll(/data-i18n="([^"]+)"/g)].map((m) => m[1]!);
    for (const file of ['app.js', 'posts.js', 'rehearsal.js', 'follow.js', 'notices.js'])
      used.push(...[...readFileSync(`${dir}/${file}`, 'utf8').matchAll(/\bt\('([\w.-]+)'/g)].map((m) => m[1]!));
    for (const kind of ['welcome', 'question', 'open-poll', 'close-poll', 'closing', 'recap'])
      used.push(`step.${kind}`);
    used.push('pause', 'resume');
    expect(used.length).toBeGreaterThan(30);
    expect(used.filter((k) => !known.has(k))).toEqual([]);
  });

  it('lists the plans and the speeds offered', async () => {
    const body = (await (await fetch(`${pg.base}/playground/api/plans`)).json()) as {
      speeds: number[];
      speed: number;
      plans: { id: string; questions?: number }[];
    };
    expect(body.speeds).toEqual([1, 10, 60]);
    expect(body.speed).toBe(1);
    expect(body.plans.find((p) => p.id === 'leadersgc-monthly')?.questions).toBe(8);
  });

  it('refuses requests it cannot read, each with a reason', async () => {
    const notJson = await fetch(`${pg.base}/playground/api/message`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(notJson.status).toBe(415);
    const big = await postJson(pg.base, 'message', { room: 'r1', user: bob, text: 'x'.repeat(70_000) });
    expect(big.status).toBe(413);
    expect((await postJson(pg.base, 'message', { room: 'Bad Room', user: bob, text: 'hi' })).status).toBe(400);
    expect((await postJson(pg.base, 'message', { room: 'r1', user: { organizer: true }, text: 'hi' })).status).toBe(
      400,
    );
    expect(
      (
        await postJson(pg.base, 'control', {
          room: 'r1',
          user: alice,
          action: 'start',
          plan: 'leadersgc-monthly',
          speed: 0,
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await postJson(pg.base, 'control', {
          room: 'r1',
          user: alice,
          action: 'start',
          plan: 'leadersgc-monthly',
          speed: 5000,
        })
      ).status,
    ).toBe(400);
    expect((await postJson(pg.base, 'control', { room: 'r1', user: alice, action: 'explode' })).status).toBe(400);
    expect((await postJson(pg.base, 'nothing', { room: 'r1', user: alice })).status).toBe(404);
    const events = await fetch(`${pg.base}/playground/api/events?room=r1&user=${encodeURIComponent('<x>')}`);
    expect(events.status).toBe(400);
  });
});

describe('refusals a person can meet through the page', () => {
  const room = 'refusals';
  const carol = { name: 'Carol' };
  const refusal = async (action: string, body: Record<string, unknown>) => {
    const res = await postJson(pg.base, action, { room, ...body });
    return { status: res.status, ...(res.body as { ok: boolean; error: string; key?: string; lang: string }) };
  };
  let post: string;
  beforeAll(async () => {
    const res = await postJson(pg.base, 'message', { room, user: bob, text: 'Hello, room' });
    expect(res.status).toBe(200);
    post = res.body.id as string;
  });

  it('come back in the language of the page that asked: French for a French page, English for an English one', async () => {
    const notAuthorFr = await refusal('edit', { user: { ...carol, lang: 'fr' }, post, text: 'not mine' });
    expect(notAuthorFr).toEqual({
      status: 403,
      ok: false,
      key: 'refusal.notAuthor',
      lang: 'fr',
      error: 'Seule la personne qui a écrit ce message peut le modifier ou le supprimer.',
    });
    const notAuthorEn = await refusal('delete', { user: { ...carol, lang: 'en' }, post });
    expect(notAuthorEn).toEqual({
      status: 403,
      ok: false,
      key: 'refusal.notAuthor',
      lang: 'en',
      error: 'Only the author of this message can change or delete it.',
    });

    // A person's post is no question: it has no thread.
    const noThreadFr = await refusal('message', { user: { ...carol, lang: 'fr' }, text: 'R1 oui', thread: post });
    expect(noThreadFr).toMatchObject({
      status: 400,
      key: 'refusal.noThread',
      lang: 'fr',
      error: 'Ce message n’a pas de fil où répondre.',
    });
    const noThreadEn = await refusal('message', { user: { ...carol, lang: 'en' }, text: 'A1 yes', thread: post });
    expect(noThreadEn).toMatchObject({
      status: 400,
      key: 'refusal.noThread',
      lang: 'en',
      error: 'That post has no thread to reply in.',
    });
    // A page that does not say its language reads English.
    expect(await refusal('message', { user: carol, text: 'A1 yes', thread: post })).toMatchObject({
      status: 400,
      lang: 'en',
      error: 'That post has no thread to reply in.',
    });
  });

  it('say in French, with French typography and numbers, what is wrong with a message, a name or a channel', async () => {
    const fr = { ...bob, lang: 'fr' };
    expect(await refusal('like', { user: fr, post: 'gone', liked: true })).toMatchObject({
      status: 404,
      error: 'Ce message n’est plus dans ce canal\u00a0: il a peut-être été supprimé.',
    });
    expect(await refusal('edit', { user: fr, post, text: '   ' })).toMatchObject({
      status: 400,
      error: 'Votre message est vide\u00a0: écrivez d’abord quelque chose.',
    });
    expect(await refusal('message', { user: fr, text: '' })).toMatchObject({ status: 400, key: 'refusal.textMissing' });
    expect(await refusal('edit', { user: fr, post, text: 'x'.repeat(4001) })).toMatchObject({
      status: 400,
      error: 'Votre message est trop long\u00a0: limitez-le à 4\u202f000 caractères.',
    });
    expect(await refusal('edit', { user: { ...bob, lang: 'en' }, post, text: 'x'.repeat(4001) })).toMatchObject({
      status: 400,
      error: 'Your message is too long: keep it to at most 4,000 characters.',
    });
    expect(await refusal('message', { user: { ...fr, name: 'n'.repeat(81) }, text: 'hi' })).toMatchObject({
      status: 400,
      error: 'Votre nom est trop long\u00a0: limitez-le à 80 caractères.',
    });
    expect(await refusal('message', { user: { ...fr, name: ' ' }, text: 'hi' })).toMatchObject({
      status: 400,
      key: 'nameRequired',
      error: 'Tapez d’abord votre nom\u00a0: il s’affiche sur vos messages.',
    });
    const badRoom = await postJson(pg.base, 'message', { room: 'Bad Room', user: fr, text: 'hi' });
    expect(badRoom.body.error).toContain('«\u00a0-\u00a0» ou «\u00a0_\u00a0»');
  });

  it('keep developer-facing refusals in English, without words for people', async () => {
    const speed = await refusal('control', {
      user: { ...alice, lang: 'fr' },
      action: 'start',
      plan: 'leadersgc-monthly',
      speed: 0,
    });
    expect(speed).toEqual({
      status: 400,
      ok: false,
      lang: 'en',
      error: '"speed" must be a number above 0 and at most 3600.',
    });
    const broken = await fetch(`${pg.base}/playground/api/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"user":{"lang":"fr"',
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: string }).error).toMatch(/^The request is not valid JSON/);
  });
});

describe('a chat played over HTTP and Server-Sent Events', () => {
  it('runs a plan at the chosen speed, with the same rights, answers, votes and recap as the platforms', async () => {
    const room = 'http-flow';
    const bobId = personIdOf(room, 'Bob');
    const aliceStream = await openEvents(`${pg.base}/playground/api/events?room=${room}&user=${PLAYGROUND_ORGANIZER}`);
    const bobStream = await openEvents(`${pg.base}/playground/api/events?room=${room}&user=${bobId}`);
    const hello = await bobStream.next<{ posts: PostView[]; run: RunView | null }>('hello');
    expect(hello).toMatchObject({ posts: [], run: null });
    const call = async (action: string, body: Record<string, unknown>) => {
      const res = await postJson(pg.base, action, { room, ...body });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as { notices: Notices; id?: string };
    };

    // A participant may not start a chat: the engine's refusal comes back to them only, in their language.
    const refused = await call('control', {
      user: { ...bob, lang: 'fr' },
      action: 'start',
      plan: 'leadersgc-monthly',
      speed: 60,
    });
    expect(refused.notices).toHaveLength(1);
    expect(refused.notices[0]!.lang).toBe('fr');
    expect(refused.notices[0]!.html).toContain('lang="fr"');
    expect(text(refused.notices[0]!.html)).toContain('Seule l’équipe organisatrice');
    expect(await pg.running.service.desk.latestRun({ platform: 'playground', id: room })).toBeUndefined();

    // The organizer starts it at 60×: the run keeps that speed, whatever ROUNDTABLE_SPEED says.
    const started = await call('control', { user: alice, action: 'start', plan: 'leadersgc-monthly', speed: 60 });
    expect(text(started.notices[0]!.html)).toContain('“Working in the open” has started.');
    const run = await pg.running.service.desk.latestRun({ platform: 'playground', id: room });
    expect(run?.speed).toBe(60);
    const welcome = await bobStream.next<PostView>('post', (p) => p.kind === 'welcome');
    expect(welcome.html).toContain('<section class="lang-section" lang="en">');
    expect(welcome.html).toContain('<section class="lang-section" lang="fr">');

    await call('control', { user: alice, action: 'pause' });
    const paused = await aliceStream.next<RunView>('run', (r) => r?.status === 'paused');
    expect(paused.speed).toBe(60);
    expect(paused.steps.length).toBeGreaterThan(0);
    expect(paused.steps.every((s) => s.at === undefined)).toBe(true);

    // Next, while paused, until Q2 is out (poll 1 opens on the way).
    for (
      let i = 0;
      i < 3 && !bobStream.events.some((e) => e.event === 'post' && (e.data as PostView).summary === 'Q2');
      i++
    )
      await call('control', { user: alice, action: 'next' });
    const q1 = await bobStream.next<PostView>('post', (p) => p.summary === 'Q1');
    const q2 = await bobStream.next<PostView>('post', (p) => p.summary === 'Q2');
    const poll = await bobStream.next<PostView>('post', (p) => p.kind === 'poll');
    expect(q1).toMatchObject({ kind: 'question', threadable: true, bot: true });
    expect(q1.html).toContain(
      '<span class="context-line" lang="fr">Répondez dans ce fil, ou commencez votre message par R1</span>',
    );
    const timeline = await aliceStream.next<RunView>(
      'run',
      (r) => r?.status === 'paused' && !r.steps.some((s) => s.id === 'q2'),
    );
    expect(timeline.steps[0]).toMatchObject({ id: 'q3', kind: 'question', number: 3 });

    // Answers: a thread reply, an A2 message (linked into Q2's thread), an unknown question.
    const reply = await call('message', { user: bob, text: 'I blog <b>every</b> week', thread: q1.id });
    expect(reply.notices).toEqual([]);
    const shown = await aliceStream.next<PostView>('post', (p) => p.id === reply.id);
    expect(shown).toMatchObject({
      thread: q1.id,
      bot: false,
      kind: 'person',
      text: 'I blog <b>every</b> week',
      author: { id: bobId, name: 'Bob' },
    });
    const a2 = await call('message', { user: alice, text: 'A2 Our roadmap is public' });
    const link = await bobStream.next<PostView>('post', (p) => p.kind === 'answer-link');
    expect(link.thread).toBe(q2.id);
    expect(text(link.html!)).toContain('Alice answered Q2 in the channel');
    expect(link.html).toContain(`href="#post-${a2.id}"`);
    const unknown = await call('message', { user: bob, text: 'A9 too far' });
    expect(text(unknown.notices[0]!.html)).toContain('There is no Q9');
    expect((await postJson(pg.base, 'message', { room, user: bob, text: 'hi', thread: poll.id })).status).toBe(400);

    // Likes, edits and deletions: only the author edits or deletes.
    // An organizer tab acts as the organizer identity (none configured: the playground's own).
    await call('like', { user: alice, post: reply.id, liked: true });
    expect(
      await aliceStream.next<PostView>(
        'post',
        (p) => p.id === reply.id && (p.likes ?? []).includes('playground-organizer'),
      ),
    ).toBeTruthy();
    expect((await postJson(pg.base, 'edit', { room, user: alice, post: reply.id, text: 'hijacked' })).status).toBe(403);
    await call('edit', { user: bob, post: reply.id, text: 'I blog every week' });
    expect(await aliceStream.next<PostView>('post', (p) => p.id === reply.id && p.edited === true)).toMatchObject({
      text: 'I blog every week',
    });
    const extra = await call('message', { user: bob, text: 'A1 a second thought' });
    await call('delete', { user: bob, post: extra.id });
    expect(await aliceStream.next<{ id: string }>('remove', (r) => r.id === extra.id)).toBeTruthy();

    // Votes: the buttons carry the value the engine reads; the voter alone gets the receipt.
    const values = [...poll.html!.matchAll(/data-value="([^"]+)"/g)].map((m) => m[1]!);
    expect(values).toHaveLength(5);
    const vote = await call('vote', { user: bob, value: values[1] });
    expect(text(vote.notices[0]!.html)).toContain('Your vote is recorded');
    await call('vote', { user: alice, value: values[1] });
    const tallied = await bobStream.next<PostView>(
      'post',
      (p) => p.id === poll.id && text(p.html!).includes('2 votes'),
    );
    expect(text(tallied.html!)).toMatch(/Every month\s+▓+░*\s+100% \(2 votes\)/);

    // A command typed in the composer: refused for a participant, carried out for the organizer.
    const notAllowed = await call('message', { user: bob, text: '/roundtable stop' });
    expect(text(notAllowed.notices[0]!.html)).toContain('Only organizers can use /roundtable stop');
    const stopped = await call('message', { user: alice, text: '/roundtable stop' });
    expect(text(stopped.notices[0]!.html)).toContain('The chat is over');
    const recap = await bobStream.next<PostView>('post', (p) => p.kind === 'recap');
    // Participants: Bob and the organizer; answers: Bob's reply and the organizer's A2 (the deleted one is gone).
    expect(text(recap.html!)).toContain('Participation: 2 participants, 2 answers in all.');
    expect(text(recap.html!)).toContain('Participation\u00a0: 2 personnes, 2 réponses en tout.');
    expect(recap.html).toContain(`href="#post-${reply.id}"`);
    expect((await aliceStream.next<RunView>('run', (r) => r?.status === 'ended')).steps).toEqual([]);

    // An export is shared in the room as a file to download.
    const exported = await call('message', { user: alice, text: '/roundtable export csv' });
    expect(text(exported.notices[0]!.html)).toMatch(/export/i);
    const file = await bobStream.next<PostView>('post', (p) => p.kind === 'file');
    const href = /href="([^"]+)"/.exec(file.html!)![1]!;
    const download = await fetch(`${pg.base}${href}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''/);
    expect(await download.text()).toContain('kind,number,user_id,user_name,text,option,timestamp,reactions');

    const snapshot = (await (await fetch(`${pg.base}/playground/api/room?room=${room}`)).json()) as {
      posts: PostView[];
      run: RunView;
    };
    expect(snapshot.run.status).toBe('ended');
    expect(snapshot.posts.map((p) => p.kind).filter((k) => k !== 'person' && k !== 'answer-link')).toEqual([
      'welcome',
      'question',
      'poll',
      'question',
      'closing',
      'recap',
      'file',
    ]);
    aliceStream.close();
    bobStream.close();
  });
});

describe('stopping the process', () => {
  it('ends the event streams still open, so the server can close', async () => {
    const own = await startPlayground();
    const stream = await openEvents(`${own.base}/playground/api/events?room=closing&user=p-1`);
    await stream.next('hello');
    await own.stop();
    await stream.ended;
    await expect(fetch(`${own.base}/healthz`)).rejects.toThrow();
  });
});
