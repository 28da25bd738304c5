/**
 * A platform adapter for tests of the composition root: the `console` platform over a
 * `ChatPort` the test keeps (a recording channel, a file channel), no HTTP routes, and a
 * readiness answer the test can change.
 */
import type { PlatformAdapter } from '../../../src/adapters/platform-adapter.js';
import type { ChatService } from '../../../src/core/service/chat-service.js';
import type { ChatPort } from '../../../src/core/ports.js';

/** The adapter, plus the service once attached and a switch for its readiness. */
export interface ConsoleAdapter extends PlatformAdapter {
  service?: ChatService;
  readiness: { ok: boolean; detail?: string };
}

/** A `console` adapter over `port`. */
export function consoleAdapter(port: ChatPort): ConsoleAdapter {
  const adapter: ConsoleAdapter = {
    platform: 'console',
    port,
    readiness: { ok: true },
    attach(service) {
      adapter.service = service;
    },
    async start() {},
    async stop() {},
    async ready() {
      return adapter.readiness;
    },
  };
  return adapter;
}
