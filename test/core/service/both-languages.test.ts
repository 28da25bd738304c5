/**
 * Ad-hoc questions and polls in a chat of two languages must give both texts (DESIGN.md,
 * Security and limits); their French text is posted with French typography.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { composeMessage } from '../../../src/core/compose/compose-message.js';
import type { Translator } from '../../../src/core/ports.js';
import { realTranslator, visibleMarkup } from '../../support/fake-translator.js';
import { engineHarness } from '../../support/engine-harness.js';
import { samplePlan } from '../../support/plans.js';

let t: Translator;
beforeAll(async () => {
  t = await realTranslator();
});

const N = '\u00a0';

async function started(plan = samplePlan()) {
  const h = engineHarness({ plan });
  await h.service.command(h.channel, h.organizer, `start ${plan.id}`);
  return h;
}

describe('ad-hoc texts in a chat of two languages', () => {
  it('refuses a question in one language, with the usage line that gives both', async () => {
    const h = await started();
    for (const text of ['question "What now?"', 'question What now']) {
      const replies = await h.service.command(h.channel, h.organizer, text);
      expect(replies).toMatchObject([{ kind: 'notice', key: 'both-languages', vars: { sub: 'question' } }]);
      const shown = composeMessage(replies[0]!, t, visibleMarkup, { lang: 'en' })
        .sections.flatMap((s) => s.paragraphs)
        .join('\n');
      expect(shown).toContain('give each text in both languages');
      expect(shown).toContain('question "English text" "texte français"');
    }
    expect(h.port.kinds()).toEqual(['welcome']);
  });

  it('refuses a poll whose question or options lack a language, and shows how to give both', async () => {
    const h = await started();
    for (const text of ['poll "Lunch?" "Yes" "No"', 'poll "Lunch? | Dîner ?" "Yes | Oui" "No"']) {
      const replies = await h.service.command(h.channel, h.organizer, text);
      expect(replies, text).toMatchObject([{ kind: 'notice', key: 'both-languages', vars: { sub: 'poll' } }]);
      const shown = composeMessage(replies[0]!, t, visibleMarkup, { lang: 'fr' })
        .sections.flatMap((s) => s.paragraphs)
        .join('\n');
      expect(shown).toContain('"Which day? | Quel jour ?" "Monday | Lundi"');
    }
    expect(h.port.kinds()).toEqual(['welcome']);
  });

  it('posts both texts, the French one with French typography', async () => {
    const h = await started();
    await h.service.command(h.channel, h.organizer, 'question "Ready: shall we go?" "Prêts: on y va?"');
    await h.service.command(h.channel, h.organizer, 'poll "Lunch? | Dîner?" "Yes! | Oui!" "No | Non"');
    expect(h.port.kinds()).toEqual(['welcome', 'Q5', 'P3']);
    const question = composeMessage(h.port.posts[1]!.message, t, visibleMarkup);
    expect(JSON.stringify(question)).toContain(`Prêts${N}: on y va${N}?`);
    expect(JSON.stringify(question)).toContain('Ready: shall we go?');
    const poll = JSON.stringify(composeMessage(h.port.posts[2]!.message, t, visibleMarkup));
    expect(poll).toContain(`Dîner${N}?`);
    expect(poll).toContain(`Oui${N}!`);
    expect(poll).toContain('Lunch?');
  });

  it('takes one text when the chat has one language', async () => {
    const h = await started(samplePlan({ languages: ['fr'] }));
    await h.service.command(h.channel, h.organizer, 'question "Et maintenant?"');
    await h.service.command(h.channel, h.organizer, 'poll "Dîner?" "Oui" "Non"');
    expect(h.port.kinds()).toEqual(['welcome', 'Q5', 'P3']);
    expect(JSON.stringify(composeMessage(h.port.posts[1]!.message, t, visibleMarkup))).toContain(`Et maintenant${N}?`);
  });
});
