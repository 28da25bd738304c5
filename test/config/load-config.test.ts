import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { RoundtableError } from '../../src/core/errors.js';
import { TEST_SECRET } from '../support/server-secret.js';

const SECRET = { ROUNDTABLE_SECRET: TEST_SECRET };

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
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      store: 'sqlite://./data/roundtable.sqlite',
      plansDir: './chats',
      command: '/roundtable',
      speed: 1,
      logLevel: 'info',
      playground: true,
    });
    expect(c.retentionMs).toBe(90 * 24 * 3_600_000);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads Slack over HTTP and over Socket Mode, and GovSlack’s API URL', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', ...SECRET }).slack).toEqual({
      botToken: 'xoxb-1',
      signingSecret: 's',
      apiUrl: 'https://slack.com/api/',
    });
    const c = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_API_URL: 'https://slack-gov.com/api/',
      ...SECRET,
    });
    expect(c.slack).toMatchObject({ appToken: 'xapp-1', apiUrl: 'https://slack-gov.com/api/' });
    expect(c.playground).toBe(false);
    expect(c.host).toBe('0.0.0.0');
  });

  it('refuses Teams without an app id unless the insecure local mode is asked for, and then listens on loopback', () => {
    expect(problemsOf({ MicrosoftAppPassword: 'pw' })).toMatch(/MicrosoftAppId is empty/);
    const local = loadConfig({ ROUNDTABLE_TEAMS_INSECURE_LOCAL: '1', HOST: '0.0.0.0', ...SECRET });
    expect(local.teams).toMatchObject({ appId: '', insecureLocal: true });
    expect(local.host).toBe('127.0.0.1');
    expect(problemsOf({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw' })).toMatch(
      /MicrosoftAppTenantId is required for a SingleTenant bot/,
    );
    expect(
      loadConfig({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw', MicrosoftAppTenantId: 't', ...SECRET }).teams,
    ).toMatchObject({ appType: 'SingleTenant', insecureLocal: false });
  });

  it('lists every problem at once, naming each variable, and never echoes a secret', () => {
    const message = problemsOf({
      PORT: 'eighty',
      ROUNDTABLE_STORE: 'mysql://x',
      ROUNDTABLE_RETENTION: 'forever',
      ROUNDTABLE_SPEED: '0',
      ROUNDTABLE_COMMAND: 'roundtable',
      LOG_LEVEL: 'loud',
      SLACK_BOT_TOKEN: 'not-a-token-SECRET123',
      SLACK_APP_TOKEN: 'xoxp-SECRET456',
    });
    for (const name of [
      'PORT',
      'ROUNDTABLE_STORE',
      'ROUNDTABLE_RETENTION',
      'ROUNDTABLE_SPEED',
      'ROUNDTABLE_COMMAND',
      'LOG_LEVEL',
      'SLACK_BOT_TOKEN',
      'SLACK_APP_TOKEN',
    ]) {
      expect(message).toContain(name);
    }
    expect(message).not.toContain('SECRET123');
    expect(message).not.toContain('SECRET456');
    expect(message).toContain('ROUNDTABLE_SECRET is missing');
    expect(message.split('\n- ').length - 1).toBe(9);
  });

  it('requires ROUNDTABLE_SECRET (32+ bytes, base64) with Slack or Teams, never echoes it, and leaves the playground to draw its own', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' })).toMatch(
      /ROUNDTABLE_SECRET is missing/,
    );
    expect(problemsOf({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw', MicrosoftAppTenantId: 't' })).toMatch(
      /ROUNDTABLE_SECRET is missing/,
    );
    expect(problemsOf({ ROUNDTABLE_TEAMS_INSECURE_LOCAL: '1' })).toMatch(/ROUNDTABLE_SECRET is missing/);
    const short = Buffer.alloc(31, 1).toString('base64');
    const refused = problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', ROUNDTABLE_SECRET: short });
    expect(refused).toMatch(/ROUNDTABLE_SECRET must be at least 32 random bytes in base64/);
    expect(refused).not.toContain(short);
    expect(
      problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', ROUNDTABLE_SECRET: 'not base64 at all!' }),
    ).toMatch(/ROUNDTABLE_SECRET must be/);
    const bytes = Buffer.alloc(32, 9);
    expect(
      loadConfig({
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_SIGNING_SECRET: 's',
        ROUNDTABLE_SECRET: bytes.toString('base64url'),
      }).secret,
    ).toEqual(bytes);
    expect(loadConfig({}).secret).toBeUndefined();
  });
});
