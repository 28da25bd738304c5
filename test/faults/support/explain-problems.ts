/**
 * What a failing fault case says about each problem: the item (the problem's own sentence),
 * the deliveries and clicks that concern it with the process that took each (from the trace),
 * and that process's log lines around those moments. So a failure can be read without
 * replaying it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** How far around a delivery its process's log lines are shown. */
const AROUND_MS = 2000;
const MAX_TRACE = 8;
const MAX_LOG = 12;

interface Start {
  port: string;
  instance: string;
  file: string;
  at: number;
}

const timeOf = (line: string): number => Date.parse(line.slice(0, 24));

/** Which process listened on which port from when, read from the cluster's history. */
function startsOf(trace: string[]): Start[] {
  const count = new Map<string, number>();
  return trace.flatMap((line) => {
    const m = / instance (\d+) ready on (\d+)$/.exec(line);
    if (!m) return [];
    const n = (count.get(m[1]!) ?? 0) + 1;
    count.set(m[1]!, n);
    return [{ port: m[2]!, instance: m[1]!, file: `instance-${m[1]}-${n}.log`, at: timeOf(line) }];
  });
}

/** The process that took a trace line's delivery (its URL's port, the latest start before it). */
function processOf(line: string, starts: Start[]): Start | undefined {
  const port = /127\.0\.0\.1:(\d+)/.exec(line)?.[1];
  const at = timeOf(line);
  return port ? starts.filter((s) => s.port === port && s.at <= at).at(-1) : undefined;
}

/** Log lines of `file` within `AROUND_MS` of `at` (pino's JSON lines carry `time`). */
function logAround(logDir: string, file: string, at: number): string[] {
  const full = path.join(logDir, file);
  if (!existsSync(full)) return [];
  return readFileSync(full, 'utf8')
    .split('\n')
    .filter((line) => {
      const time = Number(/"time":(\d+)/.exec(line)?.[1]);
      return Number.isFinite(time) && Math.abs(time - at) <= AROUND_MS;
    });
}

/** What the problem is about, to find in the trace: a person's id and the question or poll, else a step key. */
function needlesOf(problem: string): string[] {
  const user = /\bU\d{4}\b/.exec(problem)?.[0];
  if (user) {
    const item = /^answer[^:]*: (\d+)\|/.exec(problem)?.[1];
    const poll = /^(?:anonymous )?poll (\d+)/.exec(problem)?.[1];
    return [user, item ? `Q${item}` : poll ? `P${poll}` : user];
  }
  const step = /:([a-z0-9#-]+)(?: posted|$)/.exec(problem)?.[1] ?? /^step (\S+)/.exec(problem)?.[1];
  return step ? [step] : [];
}

/** Each problem, with the trace lines about it and the log lines of the process that took each. */
export function explainProblems(problems: string[], trace: string[], logDir: string): string {
  const starts = startsOf(trace);
  const out: string[] = [];
  for (const problem of problems) {
    out.push(`- ${problem}`);
    const needles = needlesOf(problem);
    const lines =
      needles.length === 0 ? [] : trace.filter((l) => needles.every((n) => l.includes(n))).slice(-MAX_TRACE);
    if (lines.length === 0) out.push('    (no delivery in the trace names it; kills and restarts are in trace.log)');
    for (const line of lines) {
      const proc = processOf(line, starts);
      out.push(`    ${line}${proc ? ` [process ${proc.instance}, ${proc.file}]` : ''}`);
      if (proc)
        for (const log of logAround(logDir, proc.file, timeOf(line)).slice(0, MAX_LOG)) out.push(`        ${log}`);
    }
  }
  return out.join('\n');
}
