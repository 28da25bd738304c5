/** `export` and `report`: commands that read the configured store (the same one the bot uses). */
import type { Config } from '../config/load-config.js';
import type { Logger } from '../core/ports.js';
import { createStore } from '../infra/store/create-store.js';
import { createTranslator } from '../infra/i18n.js';
import { detectLanguage } from '../infra/detect-language.js';
import { createAnonymousKeys } from '../infra/anonymous-keys.js';
import type { CliOutput } from './cli-output.js';
import { runExport } from './export.js';
import { runReport } from './report.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Opens the store of `config`, runs `export` or `report`, and closes it. */
export async function runStoreCommand(
  command: 'export' | 'report',
  args: string[],
  config: Config,
  out: CliOutput,
): Promise<number> {
  const store = await createStore(config.store, { logger: quiet });
  try {
    const deps = {
      store,
      translator: await createTranslator(),
      detectLanguage,
      ...(config.secret ? { keys: createAnonymousKeys(config.secret) } : {}),
    };
    return command === 'export' ? await runExport(args, deps, out) : await runReport(args, deps, out);
  } finally {
    await store.close();
  }
}
