/** Plan documents as organizers write them (the plan format, as JSON), for stored-plan and editor tests. */

/** A small valid bilingual plan document with id `id`. */
export function planDocument(id = 'monthly-chat', overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    title: { en: 'Mental health at work', fr: 'La santé mentale au travail' },
    languages: ['en', 'fr'],
    timezone: 'America/Toronto',
    duration: '60m',
    questions: [
      { text: { en: 'What does a safe team look like?', fr: 'À quoi ressemble une équipe sûre ?' }, at: '5m' },
      { text: { en: 'What helps you most?', fr: 'Qu’est-ce qui vous aide le plus ?' }, at: '20m' },
    ],
    ...overrides,
  };
}
