import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { RoundtableError } from '../../src/core/errors.js';

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(RoundtableError);
    return (err as RoundtableError).message;
  }
  throw new Error('expected the settings to be refused');
}

describe('settings', () => {
  it('runs the playground on the embedded defaults, on this computer only', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', store: 'sqlite://./data/roundtable.sqlite', plansDir: './chats', command: '/roundtable', speed: 1, logLevel: 'info', playground: true });
    expect(c.retentionMs).toBe(90 * 24 * 3_600_000);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads Slack over HTTP and over Socket Mode, and GovSlack’s API URL', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).slack).toEqual({ botToken: 'xoxb-1', signingSecret: 's', apiUrl: 'https://slack.com/api/' });
    const c = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_API_URL: 'https://slack-gov.com/api/' });
    expect(c.slack).toMatchObject({ appToken: 'xapp-1', apiUrl: 'https://slack-gov.com/api/' });
    expect(c.playground).toBe(false);
    expect(c.host).toBe('0.0.0.0');
  });

  it('refuses Teams without an app id unless the insecure local mode is asked for, and then listens on loopback', () => {
    expect(problemsOf({ MicrosoftAppPassword: 'pw' })).toMatch(/MicrosoftAppId is empty/);
    const local = loadConfig({ ROUNDTABLE_TEAMS_INSECURE_LOCAL: '1', HOST: '0.0.0.0' });
    expect(local.teams).toMatchObject({ appId: '', insecureLocal: true });
    expect(local.host).toBe('127.0.0.1');
    expect(problemsOf({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw' })).toMatch(/MicrosoftAppTenantId is required for a SingleTenant bot/);
    expect(loadConfig({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw', MicrosoftAppTenantId: 't' }).teams).toMatchObject({ appType: 'SingleTenant', insecureLocal: false });
  });

  it('lists every problem at once, naming each variable, and never echoes a secret', () => {
    const message = problemsOf({
      PORT: 'eighty', ROUNDTABLE_STORE: 'mysql://x', ROUNDTABLE_RETENTION: 'forever', ROUNDTABLE_SPEED: '0', ROUNDTABLE_COMMAND: 'roundtable',
      LOG_LEVEL: 'loud', SLACK_BOT_TOKEN: 'not-a-token-SECRET123', SLACK_APP_TOKEN: 'xoxp-SECRET456',
    });
    for (const name of ['PORT', 'ROUNDTABLE_STORE', 'ROUNDTABLE_RETENTION', 'ROUNDTABLE_SPEED', 'ROUNDTABLE_COMMAND', 'LOG_LEVEL', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN']) {
      expect(message).toContain(name);
    }
    expect(message).not.toContain('SECRET123');
    expect(message).not.toContain('SECRET456');
    expect(message.split('\n- ').length - 1).toBe(8);
  });
});
