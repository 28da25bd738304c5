/**
 * A vitest reporter beside the default one: after the summary, one line per reason tests
 * were skipped ("12 tests skipped: REDIS_URL is not set"), read from the `(skipped: …)` that
 * `requirements.ts` appends to a suite's title, so "25 skipped" never goes unexplained.
 */
import type { Reporter, TestCase, TestModule } from 'vitest/node';

const REASON = /\(skipped: ([^)]*)\)/;

/** The reason a skipped test gives in its own or a parent suite's title, else where it is. */
function reasonOf(test: TestCase): string {
  return (
    REASON.exec(test.fullName)?.[1] ??
    `no reason given (${test.module.moduleId.replace(`${process.cwd()}/`, '')} > ${test.fullName})`
  );
}

/** Counts the skipped tests of `modules` by reason. */
export function skipReasons(modules: ReadonlyArray<TestModule>): Map<string, number> {
  const reasons = new Map<string, number>();
  for (const module of modules) {
    for (const test of module.children.allTests('skipped')) {
      const reason = reasonOf(test);
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
  }
  return reasons;
}

/** Prints why tests were skipped, once, at the end of the run. */
export default class SkipReasonsReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const reasons = skipReasons(modules);
    if (reasons.size === 0) return;
    const lines = [...reasons]
      .sort((a, b) => b[1] - a[1])
      .map(([reason, n]) => `  ${n} ${n === 1 ? 'test' : 'tests'} skipped: ${reason}`);
    process.stdout.write(`\nWhy tests were skipped:\n${lines.join('\n')}\n`);
  }
}
