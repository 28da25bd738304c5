/**
 * The messaging endpoint itself: authentication when an app id is set, the body limit,
 * malformed requests, and settings that never reach a log.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createTeamsAdapter,
  authenticationSettings,
  deliveryKey,
} from '../../../src/adapters/teams/create-teams-adapter.js';
import type { TeamsConfig } from '../../../src/config/load-config.js';
import { startHttpServer } from '../../../src/infra/http-server.js';
import { MemoryStore } from '../../../src/infra/memory-store.js';
import { memoryLogger } from '../../support/engine-harness.js';
import { realTranslator } from '../../support/fake-translator.js';
import { planSource, samplePlan } from '../../support/plans.js';
import { ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import { TeamsCloudAdapter, teamsHttpHandler } from '../../../src/adapters/teams/teams-http.js';

const SECRET = 'Sup3r~Secret.Password_value';
const secured: TeamsConfig = {
  appId: '7c1d2b0e-5e3a-4c1e-9d7f-0a1b2c3d4e5f',
  appPassword: SECRET,
  appType: 'SingleTenant',
  tenantId: '11111111-2222-4333-8444-555555555555',
  insecureLocal: false,
};
const open: TeamsConfig = { appId: '', appPassword: '', appType: 'SingleTenant', insecureLocal: true };

const activity = {
  type: 'message',
  id: '1700000000001',
  channelId: 'msteams',
  serviceUrl: 'http://127.0.0.1:9/',
  text: 'hello',
  from: { id: '29:1abc', name: 'Alice' },
  recipient: { id: '28:bot', name: 'Roundtable' },
  conversation: { id: '19:x@thread.tacv2;messageid=1700000000001', conversationType: 'channel' },
};

describe('Teams messaging endpoint', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function serve(config: TeamsConfig, maxBodyBytes?: number) {
    const logger = memoryLogger();
    const adapter = await createTeamsAdapter(config, {
      logger,
      store: new MemoryStore(),
      translator: await realTranslator(),
      plans: planSource(samplePlan()),
      ...(maxBodyBytes ? { maxBodyBytes } : {}),
    });
    await adapter.start();
    const http = await startHttpServer({ host: '127.0.0.1', port: 0, logger, handlers: [adapter.http!], ready: [] });
    close = () => http.close();
    const url = `http://127.0.0.1:${http.port}/api/messages`;
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { logger, url, post };
  }

  it('refuses a request without a valid token with 401 when an app id is set, and logs no secret', async () => {
    const { post, logger } = await serve(secured);
    expect((await post(JSON.stringify(activity))).status).toBe(401);
    expect((await post(JSON.stringify(activity), { authorization: 'Bearer not-a-jwt' })).status).toBe(401);
    expect(
      (
        await post(JSON.stringify(activity), {
          authorization: `Basic ${Buffer.from(`x:${SECRET}`).toString('base64')}`,
        })
      ).status,
    ).toBe(401);
    expect(logger.lines.join('\n')).not.toContain(SECRET);
    expect(logger.lines.some((l) => l.includes('WITHOUT authentication'))).toBe(false);
  });

  it('reports a refused token as one warning in the logs, never as a stack trace on the console', async () => {
    const { post, logger } = await serve(secured);
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect((await post(JSON.stringify(activity), { authorization: 'Bearer not-a-jwt' })).status).toBe(401);
      expect(consoleError).not.toHaveBeenCalled();
    } finally {
      consoleError.mockRestore();
    }
    expect(
      logger.lines.filter((l) => l.startsWith('warn a Teams request without a valid token was refused (401)')),
    ).toHaveLength(1);
    expect(logger.lines.filter((l) => l.startsWith('error'))).toEqual([]);
  });

  it('answers 400 to an activity without a type, and 500 (logged, no stack on the console) to a turn that fails', async () => {
    const logger = memoryLogger();
    const adapter = new TeamsCloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '' }));
    const handler = teamsHttpHandler(
      adapter,
      async () => {
        throw new Error('the turn broke');
      },
      logger,
    );
    const http = await startHttpServer({ host: '127.0.0.1', port: 0, logger, handlers: [handler], ready: [] });
    close = () => http.close();
    const post = (body: object) =>
      fetch(`http://127.0.0.1:${http.port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect((await post({ ...activity, type: '' })).status).toBe(400);
      expect((await post(activity)).status).toBe(500);
      expect(consoleError).not.toHaveBeenCalled();
    } finally {
      consoleError.mockRestore();
    }
    expect(logger.lines.filter((l) => l.startsWith('error a Teams request could not be handled'))).toHaveLength(1);
    expect(logger.lines.join('\n')).toContain('the turn broke');
  });

  it('warns at start when it runs without authentication (local trials only)', async () => {
    const { logger } = await serve(open);
    expect(logger.lines.some((l) => l.startsWith('warn') && l.includes('WITHOUT authentication'))).toBe(true);
  });

  it('builds the botbuilder settings from the config object: SingleTenant with its tenant, or anonymous without an app id', () => {
    expect(authenticationSettings(secured)).toEqual({
      MicrosoftAppId: secured.appId,
      MicrosoftAppPassword: SECRET,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: secured.tenantId,
    });
    expect(authenticationSettings(open)).toEqual({
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      MicrosoftAppType: 'MultiTenant',
    });
  });

  it('answers 413 over the body limit, 400 for a body that is not a JSON object, 405 for other methods, and leaves other paths alone', async () => {
    const { post, url } = await serve(open, 1024);
    expect((await post(JSON.stringify({ ...activity, text: 'x'.repeat(2000) }))).status).toBe(413);
    expect((await post('{not json')).status).toBe(400);
    expect((await post('[1,2]')).status).toBe(400);
    expect((await fetch(url)).status).toBe(405);
    expect((await fetch(url.replace('/api/messages', '/api/other'), { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('remembers a delivery by activity id, an edit by its time and text', () => {
    const at = new Date('2026-12-17T20:05:00.123Z');
    expect(deliveryKey({ type: 'message', id: '17' } as Activity)).toBe('teams:17');
    const edit = deliveryKey({ type: 'messageUpdate', id: '17', timestamp: at, text: 'v2' } as Activity);
    expect(edit).toMatch(/^teams:17:edit:1797537900123:/);
    expect(deliveryKey({ type: 'messageUpdate', id: '17', timestamp: at, text: 'v3' } as Activity)).not.toBe(edit);
    expect(deliveryKey({ type: 'messageDelete', id: '17' } as Activity)).toBe('teams:17:delete');
  });

  it('refuses to start without an app id unless local trials are allowed', async () => {
    await expect(
      createTeamsAdapter(
        { ...open, insecureLocal: false },
        { logger: memoryLogger(), store: new MemoryStore(), translator: await realTranslator(), plans: planSource() },
      ),
    ).rejects.toMatchObject({ code: 'config_invalid' });
  });
});
