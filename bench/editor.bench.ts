/**
 * Editor benchmark (`npm run bench:editor`): the editor validates the whole plan on each
 * keystroke, through the same rules as `roundtable validate`. Measured on the largest plan
 * allowed (50 questions, 20 polls of 10 options, both languages, long texts), in process
 * and through the HTTP endpoint. Target: p99 under 20 ms.
 */
import { createServer } from 'node:http';
import { MemoryStore } from '../src/infra/memory-store.js';
import { PlanCatalogue } from '../src/core/service/plan-catalogue.js';
import { EditorTokens } from '../src/core/service/editor-tokens.js';
import { PlanEditing } from '../src/core/service/plan-editing.js';
import { createPlanSource } from '../src/infra/plan-source.js';
import { createPlanStore } from '../src/infra/plans/record-plan-store.js';
import { memoryPlanRecords } from '../src/infra/plans/plan-records.js';
import { importPlanText, planDataToYaml, validatePlanData } from '../src/infra/plans/plan-data.js';
import { createTranslator } from '../src/infra/i18n.js';
import { editorRoutes } from '../src/adapters/web/editor-routes.js';

const text = (n: number, lang: string): string =>
  `${lang === 'en' ? 'Question' : 'Question'} ${n} ${'x'.repeat(1500)}${lang === 'fr' ? ' ?' : '?'}`;
const largest = {
  id: 'largest-plan',
  title: { en: 'Largest', fr: 'Le plus grand' },
  languages: ['en', 'fr'],
  timezone: 'America/Toronto',
  duration: '8h',
  repeat: '0 20 * 9-12,1-5 4#3',
  welcome: { en: 'w'.repeat(2800), fr: 'b'.repeat(2800) },
  reminders: ['1d', '15m'],
  questions: Array.from({ length: 50 }, (_, i) => ({
    text: { en: text(i + 1, 'en'), fr: text(i + 1, 'fr') },
    at: `${5 + i * 9}m`,
  })),
  polls: Array.from({ length: 20 }, (_, i) => ({
    question: { en: text(i, 'en'), fr: text(i, 'fr') },
    at: `${10 + i * 20}m`,
    multiple: 2,
    anonymous: i % 2 === 0,
    options: Array.from({ length: 10 }, (_, j) => ({ en: `Option ${j + 1}`, fr: `Choix ${j + 1}` })),
  })),
};

function p99(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: sorted[Math.floor(sorted.length * 0.5)]!, p99: sorted[Math.floor(sorted.length * 0.99)]! };
}

async function main(): Promise<void> {
  const checked = validatePlanData(largest);
  if (!checked.ok) throw new Error(`the bench plan is not valid: ${JSON.stringify(checked.problems.slice(0, 3))}`);
  const inProcess: number[] = [];
  for (let i = 0; i < 500; i++) {
    const started = performance.now();
    validatePlanData(largest);
    inProcess.push(performance.now() - started);
  }
  const clock = { now: () => Date.now() };
  const store = new MemoryStore();
  const tokens = new EditorTokens(store, clock, 3_600_000);
  const catalogue = new PlanCatalogue(createPlanSource('chats'), createPlanStore(memoryPlanRecords(), clock));
  const editing = new PlanEditing({ tokens, catalogue, organizers: ['ORG'], validate: validatePlanData });
  const handler = editorRoutes({
    editing,
    t: await createTranslator(),
    origin: () => 'http://bench',
    now: clock.now,
    importText: importPlanText,
    toYaml: planDataToYaml,
    planFile: async () => undefined,
  });
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const token = await tokens.issue({
    user: { id: 'ORG', name: 'Org' },
    platform: 'playground',
    workspace: 'bench',
    lang: 'en',
    viaRole: false,
  });
  const body = JSON.stringify({ plan: largest, lang: 'fr' });
  const overHttp: number[] = [];
  for (let i = 0; i < 300; i++) {
    const started = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/editor/${token}/validate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://bench' },
      body,
    });
    await res.json();
    overHttp.push(performance.now() - started);
  }
  server.close();
  const a = p99(inProcess);
  const b = p99(overHttp);
  console.log(
    `validate largest plan (${Math.round(body.length / 1024)} KB), in process: p50 ${a.p50.toFixed(2)} ms, p99 ${a.p99.toFixed(2)} ms`,
  );
  console.log(
    `POST /editor/<token>/validate over HTTP: p50 ${b.p50.toFixed(2)} ms, p99 ${b.p99.toFixed(2)} ms (target p99 < 20 ms: ${b.p99 < 20 ? 'met' : 'MISSED'})`,
  );
}

await main();
