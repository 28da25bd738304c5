/**
 * What every platform adapter (Slack, Teams, playground) gives the composition root: a
 * `ChatPort` for the engine, optionally HTTP routes on the shared server, and a lifecycle.
 * Adapters are thin: they translate inbound payloads into one call on the `ChatService`.
 */
import type { ChatService } from '../core/service/chat-service.js';
import type { ChatPort } from '../core/ports.js';
import type { Platform } from '../core/engine/run.js';
import type { HttpHandler } from '../infra/http-server.js';

/** A platform adapter. */
export interface PlatformAdapter {
  platform: Platform;
  port: ChatPort;
  /** Routes on the shared HTTP server (`POST /slack/events`, `POST /api/messages`, the playground page). */
  http?: HttpHandler;
  /** Gives the adapter the engine (built after the ports it needs). */
  attach(service: ChatService): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Readiness: false with a reason when the platform cannot be reached. */
  ready?(): Promise<{ ok: boolean; detail?: string }>;
}
