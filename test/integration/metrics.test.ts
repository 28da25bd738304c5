/**
 * `/metrics`: Prometheus text with what the engine counted (events by kind, duplicates,
 * steps done and failed attempts) and what is read at scrape time (store up and latency,
 * queue depth). The registry itself: format, escaping, failing collectors.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { start, type Running } from '../../src/main.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createMetrics } from '../../src/infra/metrics.js';
import { RecordingPort } from '../support/recording-port.js';
import { memoryLogger } from '../support/engine-harness.js';
import { consoleAdapter } from '../faults/support/console-adapter.js';
import { faultPlanFolder } from '../faults/support/plan-folder.js';
import type { ChannelRef } from '../../src/core/engine/run.js';
import type { PlatformStats } from '../../src/infra/metrics-collectors.js';

const channel: ChannelRef = { platform: 'console', id: 'C-metrics' };
const organizer = { id: 'U-ORG', name: 'Org' };
const running: Running[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
});

async function startWith(port: RecordingPort, stats?: () => PlatformStats): Promise<Running> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rt-metrics-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    ROUNDTABLE_STORE: `sqlite://${path.join(dir, 'rt.sqlite')}`,
    ROUNDTABLE_PLANS_DIR: faultPlanFolder(),
    ROUNDTABLE_ORGANIZERS: 'U-ORG',
    ROUNDTABLE_SPEED: '1',
  });
  const r = await start(config, {
    logger: memoryLogger(),
    loadAdapters: async () => [{ ...consoleAdapter(port), ...(stats ? { stats } : {}) }],
  });
  running.push(r);
  return r;
}

async function scrape(r: Running): Promise<{ type: string; text: string }> {
  const res = await fetch(`http://127.0.0.1:${r.port}/metrics`);
  expect(res.status).toBe(200);
  return { type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('/metrics of a running process', () => {
  it('counts events by kind, duplicates and steps done, and reads store health and queue depth', async () => {
    const port = new RecordingPort(true);
    const r = await startWith(port);
    await r.service.command(channel, organizer, 'start fault-chat');
    await r.service.message(channel, { id: 'U1', name: 'One' }, { id: 'm1', text: 'hello' });
    expect(await r.service.firstDelivery('Ev1')).toBe(true);
    expect(await r.service.firstDelivery('Ev1')).toBe(false);
    const { type, text } = await scrape(r);
    expect(type).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(text).toContain('# TYPE roundtable_events_received_total counter');
    expect(text).toMatch(/^roundtable_events_received_total\{kind="command"\} 1$/m);
    expect(text).toMatch(/^roundtable_events_received_total\{kind="message"\} 1$/m);
    expect(text).toMatch(/^roundtable_events_duplicate_total 1$/m);
    expect(text).toMatch(/^roundtable_effects_done_total\{kind="post-welcome"\} 1$/m);
    expect(text).toMatch(/^roundtable_store_up 1$/m);
    expect(text).toMatch(/^roundtable_store_latency_seconds \d+(\.\d+)?(e-\d+)?$/m);
    expect(text).toMatch(/^roundtable_active_runs 1$/m);
    expect(text).toMatch(/^roundtable_outbox_effects 0$/m);
  });

  it('shows a failing step as failed attempts and as queue depth until it goes through', async () => {
    const port = new RecordingPort(true);
    const r = await startWith(port);
    await r.service.command(channel, organizer, 'start fault-chat');
    const post = port.post.bind(port);
    let down = true;
    port.post = async (...args) => {
      if (down) throw new Error('platform unavailable');
      return post(...args);
    };
    // The step is decided and saved; its post fails (the organizer's command reports it) and stays in the outbox.
    expect(await r.service.command(channel, organizer, 'next')).toMatchObject([
      { kind: 'notice', key: 'command-failed' },
    ]);
    const failing = (await scrape(r)).text;
    expect(
      Number(/^roundtable_effect_failures_total\{kind="post-question"\} (\d+)$/m.exec(failing)?.[1]),
    ).toBeGreaterThanOrEqual(1);
    expect(failing).toMatch(/^roundtable_outbox_effects 1$/m);
    expect(failing).toMatch(/^roundtable_runs_with_pending_effects 1$/m);
    down = false;
    await r.service.tick();
    const after = (await scrape(r)).text;
    expect(after).toMatch(/^roundtable_outbox_effects 0$/m);
    expect(after).toMatch(/^roundtable_effects_done_total\{kind="post-question"\} 1$/m);
    expect(port.kinds()).toEqual(['welcome', 'Q1']);
  });

  it('shows the platform calls, 429s, retries and waiting calls an adapter reports', async () => {
    const stats = { calls: 120, rateLimited: 3, retried: 7, failed: 1, waiting: 4 };
    const r = await startWith(new RecordingPort(true), () => stats);
    const first = (await scrape(r)).text;
    expect(first).toMatch(/^roundtable_platform_calls_total\{platform="console"\} 120$/m);
    expect(first).toMatch(/^roundtable_platform_rate_limited_total\{platform="console"\} 3$/m);
    expect(first).toMatch(/^roundtable_platform_retries_total\{platform="console"\} 7$/m);
    expect(first).toMatch(/^roundtable_platform_failures_total\{platform="console"\} 1$/m);
    expect(first).toMatch(/^roundtable_platform_waiting_calls\{platform="console"\} 4$/m);
    stats.rateLimited = 5;
    expect((await scrape(r)).text).toMatch(/^roundtable_platform_rate_limited_total\{platform="console"\} 5$/m);
  });
});

describe('the metrics registry', () => {
  it('writes HELP and TYPE for every metric and escapes label values', async () => {
    const m = createMetrics();
    m.define('roundtable_test_gauge', 'gauge', 'A gauge\nwith two lines.');
    m.set('roundtable_test_gauge', { channel: 'C"1\\x\ny' }, 2.5);
    m.count('events', { kind: 'vote' });
    m.count('events', { kind: 'vote' });
    const text = await m.render();
    expect(text).toContain(
      '# HELP roundtable_test_gauge A gauge\\nwith two lines.\n# TYPE roundtable_test_gauge gauge\n',
    );
    expect(text).toContain('roundtable_test_gauge{channel="C\\"1\\\\x\\ny"} 2.5\n');
    expect(text).toContain('roundtable_events_received_total{kind="vote"} 2\n');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('leaves out what a failing collector would set, keeps the rest, and logs why', async () => {
    const logger = memoryLogger();
    const m = createMetrics(logger);
    m.onScrape((r) => {
      r.define('roundtable_first', 'gauge', 'First.', { scraped: true });
      r.set('roundtable_first', {}, 1);
    });
    let fail = false;
    m.onScrape((r) => {
      r.define('roundtable_second', 'gauge', 'Second.', { scraped: true });
      if (fail) throw new Error('store down');
      r.set('roundtable_second', {}, 7);
    });
    expect(await m.render()).toMatch(/^roundtable_second 7$/m);
    fail = true;
    const text = await m.render();
    expect(text).toMatch(/^roundtable_first 1$/m);
    expect(text).not.toMatch(/^roundtable_second /m);
    expect(logger.lines.some((l) => l.includes('metrics collector failed') && l.includes('store down'))).toBe(true);
  });

  it('refuses names Prometheus would reject', () => {
    const m = createMetrics();
    expect(() => m.define('bad name', 'gauge', 'x')).toThrow(/Invalid metric name/);
    m.define('roundtable_ok', 'gauge', 'x');
    expect(() => m.set('roundtable_ok', { 'bad-label': 'v' }, 1)).toThrow(/Invalid label name/);
    expect(() => m.set('roundtable_missing', {}, 1)).toThrow(/not defined/);
  });
});
