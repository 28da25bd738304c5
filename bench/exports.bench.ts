/**
 * Export benchmarks (`npx tsx bench/exports.bench.ts`): a run of 30,000 participants,
 * 100,000 answers and 50,000 votes held in memory; times the recap, the CSV, the Markdown
 * and the HTML exports (first run, then the median of three), and the peak RSS.
 * Targets: recap < 1 s, each export < 3 s, the HTML export with the language of every answer
 * detected < 1 s, peak RSS < 300 MB.
 */
import { cpus, totalmem } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Plan } from '../src/core/plan/plan.js';
import type { Answer, Ballot } from '../src/core/engine/records.js';
import type { ExportInput } from '../src/core/export/export-data.js';
import { createRun } from '../src/core/engine/create-run.js';
import { buildRecap } from '../src/core/engine/build-recap.js';
import { buildTranscript } from '../src/core/export/export-data.js';
import { exportCsv } from '../src/core/export/export-csv.js';
import { exportMarkdown } from '../src/core/export/export-markdown.js';
import { voterKey } from '../src/core/engine/votes.js';
import { exportHtml } from '../src/core/export/export-html.js';
import { detectLanguage } from '../src/infra/detect-language.js';
import { createTranslator } from '../src/infra/i18n.js';
import { testKeys } from '../test/support/server-secret.js';

const MIN = 60_000;
const PEOPLE = 30_000;
const ANSWERS = 100_000;
const VOTES = 50_000;
const START = Date.UTC(2026, 1, 26, 18, 0);

let peakRss = 0;
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

// A full collection between measured runs, so each starts from live data only, not the
// garbage of the run before (V8 collects lazily on a machine with plenty of memory).
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

const plan: Plan = {
  id: 'bench',
  title: { en: 'Mental health at work', fr: 'La santé mentale au travail' },
  languages: ['en', 'fr'],
  timezone: 'America/Toronto',
  durationMs: 60 * MIN,
  hashtag: '#LeadersGC',
  host: { name: 'Jane Doe', title: { en: 'Deputy Minister', fr: 'Sous-ministre' } },
  organizers: ['ORG'],
  remindersMs: [],
  questions: Array.from({ length: 8 }, (_, i) => ({
    text: {
      en: `Question ${i + 1}: what does a psychologically safe team look like?`,
      fr: `Question ${i + 1}\u00a0: à quoi ressemble une équipe psychologiquement sûre\u00a0?`,
    },
    atMs: (5 + i * 6) * MIN,
  })),
  polls: [0, 1].map((i) => ({
    question: { en: `Poll ${i + 1}`, fr: `Sondage ${i + 1}` },
    options: [
      { en: 'Weekly', fr: 'Chaque semaine' },
      { en: 'Rarely', fr: 'Rarement' },
      { en: 'Never', fr: 'Jamais' },
    ],
    atMs: 10 * MIN,
    closesMs: 50 * MIN,
    multiple: i + 1,
    anonymous: i === 1,
    results: 'live' as const,
  })),
};

const TEXTS = [
  'Trust, and room to say "I don\'t know" without fear.',
  'Des rencontres chaque semaine avec ma gestionnaire, et le droit à l’erreur.',
  '=SUM(A1) <!channel> leaders who model it, every day, in every meeting',
  'Two ideas:\n- check-ins\n- no meetings on Friday',
  '+1, exactly what @Jane said',
];

function bigRun(): ExportInput {
  const run = createRun(plan, { platform: 'slack', id: 'C0BENCH' }, { id: 'bench-run', startedBy: 'ORG', now: START });
  run.questions.forEach((q) => (q.ref = { id: `q${q.number}` }));
  run.polls.forEach((p) => (p.state = 'closed'));
  run.status = 'ended';
  run.endedAt = START + 60 * MIN;
  const answers: Answer[] = Array.from({ length: ANSWERS }, (_, i) => ({
    id: `a${i}`,
    number: 1 + (i % 8),
    user: { id: `U${i % PEOPLE}`, name: `Participant ${i % PEOPLE}` },
    text: `${TEXTS[i % TEXTS.length]} (${i})`,
    at: START + 5 * MIN + Math.floor((i / ANSWERS) * 50 * MIN),
    reactions: i % 7,
    via: 'thread',
  }));
  const ballots = new Map<number, Ballot[]>([
    [1, []],
    [2, []],
  ]);
  for (let i = 0; i < VOTES; i++) {
    const poll = run.polls[i % 2]!;
    const user = `U${(i * 7) % PEOPLE}`;
    ballots.get(poll.number)!.push({
      poll: poll.number,
      voter: voterKey(testKeys(), run, poll, user),
      ...(poll.anonymous ? {} : { user: { id: user, name: `Participant ${user.slice(1)}` } }),
      options: poll.multiple > 1 && i % 3 === 0 ? [0, 2] : [i % 3],
      at: START + 10 * MIN + (i % 2400) * 1000,
    });
  }
  return { run, answers, ballots, now: START + 60 * MIN };
}

/**
 * Runs `fn` once cold, then three times; returns the cold time, the median warm time and
 * `describe` of one result (results are dropped at once, as a CLI or an upload would).
 */
function time<T>(
  fn: () => T,
  describe: (result: T) => string = () => '',
): { cold: number; warm: number; about: string } {
  let about = '';
  const once = () => {
    collect();
    const t0 = performance.now();
    const result = fn();
    const ms = performance.now() - t0;
    sample();
    about = describe(result);
    return ms;
  };
  const cold = once();
  const warm = [once(), once(), once()].sort((a, b) => a - b);
  return { cold, warm: warm[1]!, about };
}

const translator = await createTranslator();
const input = bigRun();
sample();
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const rows: string[][] = [];
const row = (what: string, m: { cold: number; warm: number; about: string }, target: string) =>
  rows.push([what, `${fmt(m.cold)} ms / ${fmt(m.warm)} ms${m.about}`, target]);
const size = (text: string) => ` (${mb(Buffer.byteLength(text))})`;

row(
  'buildRecap',
  time(
    () => buildRecap(input),
    (r) => ` (${fmt(r.participants)} participants)`,
  ),
  '< 1,000 ms',
);
row(
  'buildTranscript (recap + per-question order + activity)',
  time(() => buildTranscript(input)),
  '—',
);
row(
  'CSV export',
  time(() => exportCsv(input), size),
  '< 3,000 ms',
);
row(
  'Markdown export (with its transcript)',
  time(() => exportMarkdown(buildTranscript(input), translator), size),
  '< 3,000 ms',
);
row(
  'HTML export (with its transcript)',
  time(() => exportHtml(buildTranscript(input), { translator }), size),
  '< 3,000 ms',
);
row(
  'HTML export, language of every answer detected',
  time(() => exportHtml(buildTranscript({ ...input, detectLanguage }), { translator, detectLanguage }), size),
  '< 1,000 ms',
);
sample();

console.log(
  `Roundtable export benchmark, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
);
console.log(
  `${fmt(PEOPLE)} participants, ${fmt(ANSWERS)} answers, ${fmt(VOTES)} ballots; times are first run / median of the next three.\n`,
);
console.log('| measure | result | target |\n|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
console.log(
  `| peak RSS (sampled after each step / maxRSS) | ${mb(peakRss)} / ${mb(process.resourceUsage().maxRSS * 1024)} | < 300 MB |`,
);
