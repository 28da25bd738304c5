import { describe, expect, it } from 'vitest';
import { logSink } from '../support/log-sink.js';
import { createLogger } from '../../src/infra/logger.js';

describe('logs', () => {
  it('never carry a token or secret, wherever it hides in the logged object', () => {
    const { lines, sink } = logSink();
    const logger = createLogger('debug', sink, ['s3cr3t-signing-value', 'teams-app-password-123']);
    const err = Object.assign(new Error('request failed'), {
      original: { config: { headers: { Authorization: 'Bearer xoxb-1234-5678-abcdef' } } },
    });
    logger.error({ err, url: 'https://hooks.example/?sig=s3cr3t-signing-value' }, 'Slack call failed');
    logger.info(
      { botToken: 'xoxb-999', nested: { secret: 'x', note: 'password teams-app-password-123 leaked' } },
      'settings',
    );
    logger.warn({ appToken: 'xapp-1-A1-abc' }, 'socket mode token xapp-1-A1-abc in text');
    const all = lines.join('');
    for (const secret of [
      'xoxb-1234-5678-abcdef',
      's3cr3t-signing-value',
      'teams-app-password-123',
      'xoxb-999',
      'xapp-1-A1-abc',
      'Bearer xoxb',
    ])
      expect(all).not.toContain(secret);
    expect(all).toContain('Slack call failed');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });
});
