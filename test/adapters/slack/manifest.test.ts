import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_COMMAND } from '../../../src/core/compose/compose-message.js';
import { SLACK_EVENTS_PATH } from '../../../src/adapters/slack/slack-http-route.js';

interface Manifest {
  display_information: { name: string; description: string; long_description: string };
  features: {
    bot_user: { display_name: string };
    slash_commands: { command: string; url: string; description: string; usage_hint: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
    socket_mode_enabled: boolean;
  };
}

const manifest = parse(
  readFileSync(new URL('../../../manifests/slack/manifest.yaml', import.meta.url), 'utf8'),
) as Manifest;

/** The Web API methods and events the adapter uses, and the bot scope each needs. */
const NEEDS: [string, string[]][] = [
  ['chat.postMessage, chat.update, chat.postEphemeral', ['chat:write']],
  ['the slash command', ['commands']],
  ['message events and conversations.history in public and private channels', ['channels:history', 'groups:history']],
  ['conversations.info / conversations.list', ['channels:read', 'groups:read']],
  ['reaction_added / reaction_removed', ['reactions:read']],
  ['users.info with include_locale', ['users:read']],
  ['files.uploadV2', ['files:write']],
];

describe('manifests/slack/manifest.yaml', () => {
  it('asks for every scope the adapter uses, and no more', () => {
    const scopes = manifest.oauth_config.scopes.bot;
    for (const [what, needed] of NEEDS)
      for (const scope of needed) expect(scopes, `${scope} for ${what}`).toContain(scope);
    expect(new Set(scopes)).toEqual(new Set(NEEDS.flatMap(([, s]) => s)));
  });

  it('subscribes to the events the listeners handle, with interactivity for the poll buttons', () => {
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual([
      'message.channels',
      'message.groups',
      'reaction_added',
      'reaction_removed',
    ]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('declares the default slash command with a usage hint, and the one request path for HTTP mode', () => {
    const [command] = manifest.features.slash_commands;
    expect(command!.command).toBe(DEFAULT_COMMAND);
    expect(command!.usage_hint.length).toBeGreaterThan(0);
    for (const url of [
      command!.url,
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ]) {
      expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
    }
    expect(typeof manifest.settings.socket_mode_enabled).toBe('boolean');
  });

  it('speaks both languages where people first meet the app: descriptions and the usage hint', () => {
    const { description, long_description: long } = manifest.display_information;
    expect(description).toMatch(/bilingual/);
    expect(description).toMatch(/bilingues/);
    expect(long).toMatch(/in English and French/);
    expect(long).toMatch(/en français et\s+en anglais/);
    const [command] = manifest.features.slash_commands;
    expect(command!.description).toMatch(/Run a structured chat \/ Animer une discussion structurée/);
    for (const word of ['start', 'démarrer', 'stop', 'arrêter', 'next', 'suivante', 'help', 'aide'])
      expect(command!.usage_hint.split(/[\s|·]+/)).toContain(word);
    expect(command!.usage_hint.length).toBeLessThanOrEqual(1000);
  });

  it('fits Slack’s manifest limits for names and descriptions', () => {
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.display_information.long_description.length).toBeGreaterThanOrEqual(175);
    expect(manifest.display_information.long_description.length).toBeLessThanOrEqual(4000);
    expect(manifest.features.bot_user.display_name.length).toBeLessThanOrEqual(80);
  });
});
