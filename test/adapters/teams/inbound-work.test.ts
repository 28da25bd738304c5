import { describe, expect, it } from 'vitest';
import { ConnectorFactory, type ClaimsIdentity, type ConnectorClient } from 'botframework-connector';
import { InboundWork } from '../../../src/adapters/teams/inbound-work.js';
import { CachedConnectorsAuthentication } from '../../../src/adapters/teams/cached-connectors.js';
import type { BotFrameworkAuthentication } from 'botframework-connector';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('InboundWork', () => {
  it('runs one subject’s jobs in order, others side by side, never more than the limit at once in slots', async () => {
    const errors: string[] = [];
    const work = new InboundWork((err, subject) => errors.push(`${subject}: ${String(err)}`), 2);
    const log: string[] = [];
    let active = 0;
    let most = 0;
    const job =
      (name: string, fail = false) =>
      async (slot: () => Promise<void>) => {
        log.push(`${name} stored`);
        await slot();
        active++;
        most = Math.max(most, active);
        log.push(`${name} start`);
        await tick();
        await tick();
        active--;
        log.push(`${name} end`);
        if (fail) throw new Error(`${name} failed`);
      };
    work.start('message:1', job('post'));
    work.start('message:1', job('edit', true));
    work.start('message:1', job('delete'));
    for (let i = 0; i < 5; i++) work.start(`message:${i + 2}`, job(`other ${i}`));
    await work.idle();
    expect(most).toBe(2);
    expect(log.filter((l) => /^(post|edit|delete) /.test(l))).toEqual([
      'post stored',
      'post start',
      'post end',
      'edit stored',
      'edit start',
      'edit end',
      'delete stored',
      'delete start',
      'delete end',
    ]);
    // What comes before a slot runs at once: every first job of a subject got there before any ended.
    expect(log.slice(0, 6)).toEqual(['post stored', ...Array.from({ length: 5 }, (_, i) => `other ${i} stored`)]);
    expect(log.filter((l) => l.endsWith('end'))).toHaveLength(8);
    expect(errors).toEqual(['message:1: Error: edit failed']);
    expect(work.pending).toBe(0);
    expect(work.started).toBe(8);
  });
});

describe('CachedConnectorsAuthentication', () => {
  it('shares one Connector client per bot, service URL and audience, and delegates authentication', async () => {
    let made = 0;
    class CountingFactory extends ConnectorFactory {
      async create(serviceUrl: string): Promise<ConnectorClient> {
        made++;
        return { serviceUrl } as unknown as ConnectorClient;
      }
    }
    const claims = {
      getClaimValue: (type: string) => (type === 'aud' ? 'bot-app-id' : null),
    } as unknown as ClaimsIdentity;
    const refusal = new Error('Unauthorized');
    const inner = {
      authenticateRequest: async (_activity: unknown, header: string) => {
        if (!header) throw refusal;
        return { audience: 'x', claimsIdentity: claims, connectorFactory: new CountingFactory() };
      },
      createConnectorFactory: () => new CountingFactory(),
    } as unknown as BotFrameworkAuthentication;
    const auth = new CachedConnectorsAuthentication(inner);
    await expect(auth.authenticateRequest({} as never, '')).rejects.toBe(refusal);
    const one = await (
      await auth.authenticateRequest({} as never, 'Bearer a')
    ).connectorFactory!.create('https://smba.example/amer/', undefined as never);
    const two = await (
      await auth.authenticateRequest({} as never, 'Bearer b')
    ).connectorFactory!.create('https://smba.example/amer/', undefined as never);
    const three = await auth.createConnectorFactory(claims).create('https://smba.example/emea/', undefined as never);
    expect(one).toBe(two);
    expect(three).not.toBe(one);
    expect(made).toBe(2);
  });
});
