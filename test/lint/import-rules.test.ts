/**
 * The layer rules of DESIGN.md's Architecture, checked by running the project's own ESLint
 * config on small probe sources placed (virtually) in each room: a rule that silently stopped
 * matching would let the layers blur without a single red line in CI.
 */
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

let eslint: ESLint;

/** The restricted-import messages ESLint reports for `code` as if it were the file `filePath`. */
async function importProblems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId?.endsWith('no-restricted-imports')).map((m) => m.message);
}

describe('import rules', () => {
  beforeAll(() => {
    eslint = new ESLint({ cwd: process.cwd() });
  });

  it('keeps engine/ and plan/ from importing the service layer', async () => {
    const probe = "import type { ChatService } from '../service/chat-service.js';\nexport type X = ChatService;\n";
    expect(await importProblems('src/core/engine/probe.ts', probe)).toEqual([
      expect.stringContaining('engine/ and plan/ are pure'),
    ]);
    expect(await importProblems('src/core/plan/probe.ts', probe)).toEqual([
      expect.stringContaining('engine/ and plan/ are pure'),
    ]);
    expect(await importProblems('src/core/compose/probe.ts', probe)).toEqual([]);
  });

  it('keeps every SDK and outer layer out of the core, even its pure rooms', async () => {
    const sdk = "import { App } from '@slack/bolt';\nexport const a = App;\n";
    const infra = "import { createLogger } from '../../infra/logger.js';\nexport const l = createLogger;\n";
    expect(await importProblems('src/core/service/probe.ts', sdk)).toEqual([expect.stringContaining('imports no SDK')]);
    expect(await importProblems('src/core/engine/probe.ts', sdk)).toEqual([expect.stringContaining('imports no SDK')]);
    expect(await importProblems('src/core/plan/probe.ts', infra)).toEqual([
      expect.stringContaining('nothing outside src/core'),
    ]);
  });

  it('keeps adapters apart', async () => {
    const probe = "import { teamsPayloadBytes } from '../teams/render-card.js';\nexport const r = teamsPayloadBytes;\n";
    expect(await importProblems('src/adapters/slack/probe.ts', probe)).toEqual([
      expect.stringContaining('No adapter imports another'),
    ]);
  });
});
