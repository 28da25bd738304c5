/**
 * Secrets stay out of logs and out of `/readyz`: a process started with Slack and Teams
 * secrets in its environment and a Redis password in its store URL goes through a Redis
 * outage (failed votes, answers, commands, ticks, probes, scrapes) and a shutdown, and none
 * of the secrets appears in what it wrote. Log lines about a chat carry its run and channel ids.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { start } from '../../src/main.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/infra/logger.js';
import { encodeVoteValue } from '../../src/core/engine/vote-value.js';
import { RecordingPort } from '../support/recording-port.js';
import { consoleAdapter } from '../faults/support/console-adapter.js';
import { faultPlanFolder } from '../faults/support/plan-folder.js';
import { redisServerAvailable, startRedisServer } from '../faults/support/redis-server.js';
import { TEST_SECRET } from '../support/server-secret.js';

const SECRETS = {
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-SLACKbotTOKENsecret',
  SLACK_SIGNING_SECRET: '8f3e1c0dSIGNINGsecret77aa',
  SLACK_APP_TOKEN: 'xapp-1-A0-APPtokenSECRET',
  MicrosoftAppPassword: 'teams~PASSWORD~secret.42',
  ROUNDTABLE_SECRET: TEST_SECRET,
};
const REDIS_PASSWORD = 'redis-PASSWORD-secret-5x';
const available = redisServerAvailable();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.skipIf(!available.ok)(`no secret in logs or readiness${available.reason}`, () => {
  it('through an outage and a shutdown', async () => {
    const redis = await startRedisServer({ password: REDIS_PASSWORD });
    cleanups.push(() => redis.dispose());
    let output = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        output += chunk.toString();
        done();
      },
    });
    const config = loadConfig({
      ...SECRETS,
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppTenantId: '00000000-0000-0000-0000-000000000002',
      PORT: '0',
      HOST: '127.0.0.1',
      ROUNDTABLE_STORE: redis.url,
      ROUNDTABLE_PLANS_DIR: faultPlanFolder(),
      ROUNDTABLE_ORGANIZERS: 'U-ORG',
      LOG_LEVEL: 'debug',
    });
    const r = await start(config, {
      logger: createLogger('debug', sink),
      loadAdapters: async () => [consoleAdapter(new RecordingPort(true))],
    });
    const channel = { platform: 'console' as const, id: 'C-secrets' };
    await r.service.command(channel, { id: 'U-ORG', name: 'Org' }, 'start fault-chat');
    const runId = (await r.service.desk.latestRun(channel))!.id;

    await redis.stop();
    const person = { id: 'U1', name: 'One' };
    const vote = await r.service.vote(channel, person, encodeVoteValue({ runId, poll: 1, option: 0 }));
    const answer = await r.service.message(channel, person, { id: 'm1', text: 'A1 yes' });
    const command = await r.service.command(channel, { id: 'U-ORG', name: 'Org' }, 'next');
    expect([vote, answer, command]).toEqual([
      expect.objectContaining({ key: 'not-recorded' }),
      expect.objectContaining({ key: 'not-recorded' }),
      [expect.objectContaining({ key: 'not-recorded' })],
    ]);
    await r.service.tick();
    const ready = await (await fetch(`http://127.0.0.1:${r.port}/readyz`)).text();
    const metrics = await (await fetch(`http://127.0.0.1:${r.port}/metrics`)).text();
    expect(metrics).toMatch(/^roundtable_not_recorded_total\{what="vote"\} 1$/m);
    expect(metrics).toMatch(/^roundtable_store_up 0$/m);
    await r.stop();

    const lines = output
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.some((l) => l.msg === 'not recorded: storage unavailable')).toBe(true);
    expect(lines.some((l) => l.msg === 'stopped')).toBe(true);
    expect(lines.find((l) => l.msg === 'chat started')).toMatchObject({ runId, channel: 'C-secrets' });
    for (const secret of [...Object.values(SECRETS), REDIS_PASSWORD, encodeURIComponent(REDIS_PASSWORD)]) {
      expect(output).not.toContain(secret);
      expect(ready).not.toContain(secret);
    }
  });
});
