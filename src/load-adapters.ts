/**
 * Builds the adapters the settings ask for: Slack and/or Teams, or the local playground
 * when no platform is configured. Each adapter is loaded only when used, so a Slack-only
 * install never loads botbuilder.
 */
import type { Config } from './config/load-config.js';
import type { PlatformAdapter } from './adapters/platform-adapter.js';
import type { Logger, PlanSource, Store, Translator } from './core/ports.js';

/** What adapters are built from. */
export interface AdapterDeps {
  logger: Logger;
  store: Store;
  translator: Translator;
  plans: PlanSource;
}

/** The adapters for `config`. */
export async function loadAdapters(config: Config, deps: AdapterDeps): Promise<PlatformAdapter[]> {
  const adapters: PlatformAdapter[] = [];
  if (config.slack) {
    const { createSlackAdapter } = await import('./adapters/slack/create-slack-adapter.js');
    adapters.push(await createSlackAdapter(config.slack, { ...deps, commandName: config.command }));
  }
  if (config.teams) {
    const { createTeamsAdapter } = await import('./adapters/teams/create-teams-adapter.js');
    adapters.push(await createTeamsAdapter(config.teams, deps));
  }
  if (config.playground) {
    const { createPlaygroundAdapter } = await import('./adapters/playground/create-playground-adapter.js');
    adapters.push(
      await createPlaygroundAdapter({
        ...deps,
        speed: config.speed,
        commandName: config.command,
        organizers: config.organizers,
        public: config.playgroundPublic,
      }),
    );
  }
  return adapters;
}
