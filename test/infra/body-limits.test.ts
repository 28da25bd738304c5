/**
 * Why: the 1 MiB ceiling holds for every inbound body, not only Slack's: the Teams
 * messaging endpoint (a real CloudAdapter behind the shared server) and the playground's
 * JSON actions (a whole process) refuse a 50 MB body, declared or streamed, without
 * reading it, and keep serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsAdapter } from '../../src/adapters/teams/create-teams-adapter.js';
import { startHttpServer } from '../../src/infra/http-server.js';
import { MemoryStore } from '../../src/infra/memory-store.js';
import { memoryLogger } from '../support/engine-harness.js';
import { realTranslator } from '../support/fake-translator.js';
import { planSource, samplePlan } from '../support/plans.js';
import { peakRss, sendLargeBody } from '../support/http/large-body.js';
import { startPlayground, type Playground } from '../adapters/playground/playground-server.js';

const MB = 1024 * 1024;

/** Three 50 MB bodies at once (two declared, one streamed); every one refused, memory flat. */
async function flood(url: string, headers: Record<string, string> = {}) {
  const { result, before, peak } = await peakRss(() =>
    Promise.all([
      sendLargeBody(url, 50 * MB, { declareLength: true, headers }),
      sendLargeBody(url, 50 * MB, { declareLength: true, headers }),
      sendLargeBody(url, 50 * MB, { declareLength: false, headers }),
    ]),
  );
  expect((peak - before) / MB).toBeLessThan(20);
  expect([result[0]!.status, result[1]!.status]).toEqual([413, 413]);
  expect(String(result[2]!.status ?? result[2]!.error)).toMatch(/^(413|ECONNRESET|EPIPE)$/);
  for (const r of result) expect(r.written).toBeLessThan(50 * MB);
}

describe('the 1 MiB body limit beyond Slack', () => {
  let pg: Playground;
  beforeAll(async () => {
    pg = await startPlayground();
  });
  afterAll(async () => {
    await pg?.stop();
  });

  it('Teams /api/messages refuses 50 MB bodies unread and still answers', async () => {
    const logger = memoryLogger();
    const adapter = await createTeamsAdapter(
      { appId: '', appPassword: '', appType: 'SingleTenant', insecureLocal: true },
      { logger, store: new MemoryStore(), translator: await realTranslator(), plans: planSource(samplePlan()) },
    );
    const http = await startHttpServer({ host: '127.0.0.1', port: 0, logger, handlers: [adapter.http!], ready: [] });
    try {
      await flood(`http://127.0.0.1:${http.port}/api/messages`);
      expect((await fetch(`http://127.0.0.1:${http.port}/healthz`)).status).toBe(200);
    } finally {
      await http.close();
    }
  });

  it('the playground refuses 50 MB JSON bodies unread and still answers', async () => {
    await flood(`${pg.base}/playground/api/message`);
    expect((await fetch(`${pg.base}/healthz`)).status).toBe(200);
  });
});
