/**
 * What only one person may see, in Teams, where a command's thread is read by the whole
 * channel: an export link goes to the asker's personal chat (the thread only says so, and
 * never carries the link, even when the personal chat cannot be opened), and the errors a
 * card click can get come in the person's language.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { specsRequirement } from '../../support/requirements.js';
import type { StandinMember } from '../../support/teams/connector-state.js';
import type { TeamsUser } from '../../support/teams/teams-activities.js';
import { EXPORT_BASE, personAadId, teamsHarness, type TeamsHarness } from './support/teams-harness.js';
import { cardLinks, cardOf, messageText } from './support/card-text.js';

const specs = specsRequirement();
/** An export link, whole: the public address, then a 256-bit token. */
const LINK = new RegExp(`^${EXPORT_BASE.replace(/[.]/g, '\\.')}/exports/[A-Za-z0-9_-]{43}$`);

describe.skipIf(specs.skip)(`Teams replies for one person${specs.reason}`, () => {
  let h: TeamsHarness;
  afterEach(async () => {
    vi.restoreAllMocks();
    await h?.close();
  });

  const start = async (organizers: string[] = []) => {
    h = await teamsHarness({ specsDir: specs.value, organizers });
    await h.send(
      h.standin.activities.botInstalled({
        ...h.scope,
        from: h.owner,
        teamName: 'LeadersGC',
        aadGroupId: h.team.aadGroupId,
      }),
    );
  };
  /** `@Roundtable <text>` typed by `from` (who may be missing from the team's roster); returns the post id. */
  const typed = async (from: TeamsUser, text: string, locale?: string) => {
    const post = h.standin.activities.channelMessage({
      ...h.scope,
      from,
      text,
      mentionBot: true,
      ...(locale ? { locale } : {}),
    });
    await h.send(post);
    return post.id;
  };
  /** Every message anyone can read in the channel (posts and their threads), as JSON. */
  const channelJson = () =>
    JSON.stringify(h.standin.posts(h.channelId).flatMap((p) => [p, ...h.standin.replies(h.channelId, p.id)]));
  const chatWithExport = async (by: StandinMember | TeamsUser) => {
    await typed(by, 'start sample-chat');
    await h.advance(5 * 60_000 + 1); // Q1 is asked
    await h.send(h.standin.activities.channelMessage({ ...h.scope, from: h.people[0]!, text: 'A1 Regular check-ins' }));
    await typed(by, 'stop');
  };

  it('sends an export link to the asker’s personal chat only; the command’s thread just says it went there', async () => {
    await start();
    await chatWithExport(h.owner);
    const cmd = await typed(h.owner, 'export csv');
    expect(h.standin.replies(h.channelId, cmd).map(messageText)).toEqual([
      '<at>Olivia Owner</at>\nSent to your personal chat with Roundtable: nobody else sees it.',
    ]);
    const personal = h.standin.personalMessages(h.owner.id);
    expect(personal.map(messageText)).toEqual([
      'Your csv export is ready. The button below downloads it; the link is yours alone and works for 24 hours.',
    ]);
    const [link, ...others] = cardLinks(cardOf(personal[0]));
    expect(others).toEqual([]);
    expect(link?.title).toBe('Download the csv export');
    expect(link?.url).toMatch(LINK);
    expect(channelJson()).not.toContain('/exports/');

    // The button opens the transcript, exactly (the token is not escaped or encoded).
    const response = await fetch(h.localUrl(link!.url));
    expect(response.status).toBe(200);
    const csv = await response.text();
    expect(csv).toContain('kind,number,user_id,user_name,text,option,timestamp,reactions');
    expect(csv).toContain('Regular check-ins');
  });

  it('says so in the asker’s language (their "lang" choice)', async () => {
    await start();
    await chatWithExport(h.owner);
    await typed(h.owner, 'lang fr');
    const cmd = await typed(h.owner, 'export csv');
    expect(messageText(h.standin.replies(h.channelId, cmd)[0])).toBe(
      '<at>Olivia Owner</at>\nEnvoyé dans votre conversation personnelle avec Roundtable\u00a0: personne d’autre ne le voit.',
    );
    const personal = h.standin.personalMessages(h.owner.id);
    expect(personal.map(messageText)).toEqual([
      'Votre exportation csv est prête. Le bouton ci-dessous la télécharge\u00a0; le lien n’est que pour vous et reste valide 24\u00a0heures.',
    ]);
    expect(cardLinks(cardOf(personal[0])).map((l) => l.title)).toEqual(['Télécharger l’exportation csv']);
  });

  it('never posts the link in the channel when the personal chat cannot be opened', async () => {
    // An organizer listed by Entra id, whom Teams will not open a personal chat with (not in the team's roster).
    const stranger: TeamsUser = { id: '29:1stranger', name: 'Sam Stranger', aadObjectId: personAadId(99) };
    await start([stranger.aadObjectId]);
    await chatWithExport(stranger);
    const cmd = await typed(stranger, 'export csv');
    const [reply, ...more] = h.standin.replies(h.channelId, cmd).map(messageText);
    expect(more).toEqual([]);
    expect(reply).toContain(
      'This reply is for you alone, and it could not be sent to your personal chat with Roundtable.',
    );
    expect(channelJson()).not.toContain('/exports/');
    expect(h.logger.lines.some((l) => l.startsWith('warn a private reply could not reach'))).toBe(true);
  });

  it('sends the editor link to the personal chat as an "Open the editor" button; a participant is refused in French', async () => {
    await start();
    const cmd = await typed(h.owner, 'new');
    expect(h.standin.replies(h.channelId, cmd).map(messageText)).toEqual([
      '<at>Olivia Owner</at>\nSent to your personal chat with Roundtable: nobody else sees it.',
    ]);
    const personal = h.standin.personalMessages(h.owner.id);
    const [link, ...others] = cardLinks(cardOf(personal[0]));
    expect(others).toEqual([]);
    expect(link?.title).toBe('Open the editor');
    expect(link?.url).toMatch(new RegExp(`^${EXPORT_BASE.replace(/[.]/g, '\\.')}/editor/[A-Za-z0-9_-]{43}$`));
    expect(channelJson()).not.toContain('/editor/');
    const refused = await typed(h.people[0]!, 'nouveau', 'fr-CA');
    expect(messageText(h.standin.replies(h.channelId, refused)[0])).toContain('Seule l’équipe organisatrice');
  });

  it('keeps other replies in the command’s thread, for everyone to see', async () => {
    await start();
    const cmd = await typed(h.owner, 'status');
    expect(messageText(h.standin.replies(h.channelId, cmd)[0])).toContain('No chat is running here');
    expect(h.standin.personalMessages(h.owner.id)).toEqual([]);
  });

  describe('card click errors', () => {
    const click = (from: StandinMember, verb: string, locale?: string) =>
      h.send(
        h.standin.activities.adaptiveCardInvoke({
          ...h.scope,
          from,
          cardActivityId: '1700000000099',
          verb,
          data: { value: 'vote|run-1|1|0' },
          ...(locale ? { locale } : {}),
        }),
      );
    const errorOf = (reply: { status: number; body: unknown }) => ({
      status: reply.status,
      ...(reply.body as { statusCode: number; value: { message: string } }),
    });

    it('tell a French client that a button is unknown in French', async () => {
      await start();
      const reply = errorOf(await click(h.people[0]!, 'launch', 'fr-CA'));
      expect([reply.statusCode, reply.value.message]).toEqual([
        400,
        'Roundtable ne reconnaît pas ce bouton. Actualisez le message et réessayez.',
      ]);
      expect(errorOf(await click(h.people[1]!, 'launch')).value.message).toBe(
        'Roundtable does not know this button. Refresh the message and try again.',
      );
    });

    it('tell the voter their vote was not recorded in the language they chose, else their Teams language', async () => {
      await start();
      await typed(h.people[0]!, 'lang fr');
      vi.spyOn(h.store, 'getRun').mockRejectedValue(new Error('disk I/O error'));
      const chosen = errorOf(await click(h.people[0]!, 'vote', 'en-US'));
      expect([chosen.statusCode, chosen.value.message]).toEqual([
        500,
        'Votre vote n’a pas pu être enregistré. Réessayez dans un instant.',
      ]);
      // The store cannot even say what they chose: their Teams language.
      vi.spyOn(h.store, 'getUserLang').mockRejectedValue(new Error('disk I/O error'));
      expect(errorOf(await click(h.people[1]!, 'vote', 'fr-CA')).value.message).toBe(
        'Votre vote n’a pas pu être enregistré. Réessayez dans un instant.',
      );
      expect(errorOf(await click(h.people[2]!, 'vote', 'en-CA')).value.message).toBe(
        'Your vote could not be recorded. Please try again in a moment.',
      );
    });
  });
});
