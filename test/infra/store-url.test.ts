/**
 * Store URLs never show their password: not in logs, not in errors.
 */
import { describe, expect, it } from 'vitest';
import { redactUrl, secretScrubber } from '../../src/infra/store/redact-url.js';

describe('store URL redaction', () => {
  it('hides the password of a URL, and leaves URLs without one alone', () => {
    expect(redactUrl('redis://default:p%40ss-word@cache.internal:6380/2')).toBe(
      'redis://default:***@cache.internal:6380/2',
    );
    expect(redactUrl('rediss://:only-secret@cache:6379')).toBe('rediss://:***@cache:6379');
    expect(redactUrl('redis://cache:6379?password=q-secret')).toBe('redis://cache:6379?password=***');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactUrl('sqlite://./data/roundtable.sqlite')).toBe('sqlite://./data/roundtable.sqlite');
    expect(redactUrl('not a url //u:pw@x')).not.toContain('pw');
  });

  it('scrubs the password, encoded or decoded, from any text', () => {
    const scrub = secretScrubber('redis://default:p%40ss-word@cache:6379');
    expect(scrub('AUTH failed for p@ss-word (p%40ss-word)')).toBe('AUTH failed for *** (***)');
    expect(scrub('connect ECONNREFUSED 10.0.0.1:6379')).toBe('connect ECONNREFUSED 10.0.0.1:6379');
    expect(secretScrubber('redis://cache:6379')('nothing to hide')).toBe('nothing to hide');
    expect(secretScrubber('redis://cache:6379?password=q-secret')('bad q-secret')).toBe('bad ***');
  });
});
