/**
 * Tests print nothing they did not ask for: a line on the console (an SDK's own logger, a
 * forgotten debug print) fails the test that printed it, so a passing run stays quiet.
 * Loaded by vitest.config.ts as a setup file.
 */
import { format } from 'node:util';
import { afterAll, afterEach, expect } from 'vitest';

const LEVELS = ['log', 'info', 'warn', 'error', 'debug'] as const;
const printed: string[] = [];

for (const level of LEVELS) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    printed.push(`console.${level}: ${format(...args)}`);
    original(...args);
  };
}

const nothingPrinted = (): void => {
  expect(printed.splice(0), 'printed on the console: route it to a logger the test holds, or assert it').toEqual([]);
};
afterEach(nothingPrinted);
afterAll(nothingPrinted);
