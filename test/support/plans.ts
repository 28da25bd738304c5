/** Plans for engine tests, built directly (plan validation has tests of its own). */
import type { Plan } from '../../src/core/plan/plan.js';
import type { PlanListing, PlanSource } from '../../src/core/ports.js';

const MIN = 60_000;

/** A 60-minute bilingual chat: 4 questions, a live poll and an anonymous one. */
export function samplePlan(overrides: Partial<Plan> = {}): Plan {
  return {
    id: 'sample-chat',
    title: { en: 'Mental health at work', fr: 'La santé mentale au travail' },
    languages: ['en', 'fr'],
    timezone: 'America/Toronto',
    durationMs: 60 * MIN,
    hashtag: '#LeadersGC',
    host: { name: 'Jane Doe', title: { en: 'Deputy Minister', fr: 'Sous-ministre' } },
    organizers: ['U-ORG'],
    remindersMs: [],
    questions: [5, 15, 25, 40].map((m, i) => ({
      text: { en: `Question ${i + 1}?`, fr: `Question ${i + 1} ?` },
      atMs: m * MIN,
    })),
    polls: [
      {
        question: { en: 'How often?', fr: 'À quelle fréquence ?' },
        options: [
          { en: 'Weekly', fr: 'Chaque semaine' },
          { en: 'Rarely', fr: 'Rarement' },
          { en: 'Never', fr: 'Jamais' },
        ],
        atMs: 10 * MIN,
        closesMs: 30 * MIN,
        multiple: 1,
        anonymous: false,
        results: 'live',
      },
      {
        question: { en: 'Pick two', fr: 'Choisissez-en deux' },
        options: [
          { en: 'A', fr: 'A' },
          { en: 'B', fr: 'B' },
          { en: 'C', fr: 'C' },
        ],
        atMs: 20 * MIN,
        closesMs: 60 * MIN,
        multiple: 2,
        anonymous: true,
        results: 'hidden',
      },
    ],
    ...overrides,
  };
}

/** A plan source over fixed plans. */
export function planSource(...plans: Plan[]): PlanSource {
  return {
    async list(): Promise<PlanListing[]> {
      return plans.map((plan) => ({ id: plan.id, file: `${plan.id}.yaml`, plan }));
    },
    async get(id: string) {
      return plans.find((p) => p.id === id);
    },
  };
}
