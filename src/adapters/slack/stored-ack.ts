/**
 * Acknowledging Slack once what a request carries is stored, shared by the HTTP and the
 * Socket Mode receivers. Bolt acknowledges an event before any listener runs; here a command
 * or a click is acknowledged when its listener calls `ack()`, and an event once the listener
 * calls `context.stored()` or the event is handled, whichever comes first, and at the latest
 * after `waitMs` (Slack gives up after 3 s and delivers again). A process that dies before
 * the write leaves the event unacknowledged, so Slack delivers it again.
 */
import type { ReceiverEvent } from '@slack/bolt';

/** What a listener finds in `context` for an event: tell Slack it is received, once what it carries is stored. */
export interface StoredSignal {
  stored?: () => void;
}

/** Longest wait for an event's `stored()` before acknowledging anyway, inside Slack's 3 s. */
export const STORED_WAIT_MS = 2500;

/** A request as both receivers hand it to Bolt. */
export interface StoredAckRequest {
  body: Record<string, unknown>;
  retryNum?: number | undefined;
  retryReason?: string | undefined;
}

/**
 * The Bolt event for `request`, acknowledged through `acknowledge` (called once, with the
 * `ack()` body of a command or a click); `settle()` acknowledges whatever is still waiting
 * (call it once Bolt has handled the request).
 */
export function storedAckEvent(
  request: StoredAckRequest,
  acknowledge: (response?: unknown) => void,
  waitMs = STORED_WAIT_MS,
): { event: ReceiverEvent; settle(): void } {
  const isEvent = request.body.type === 'event_callback';
  let done = false;
  const once = (response?: unknown): void => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    acknowledge(response);
  };
  const timer = isEvent ? setTimeout(() => once(), waitMs) : undefined;
  const event: ReceiverEvent = {
    body: request.body,
    ack: async (response?: unknown) => {
      if (!isEvent) once(response);
    },
    ...(request.retryNum !== undefined ? { retryNum: request.retryNum } : {}),
    ...(request.retryReason !== undefined ? { retryReason: request.retryReason } : {}),
    customProperties: isEvent ? { stored: () => once() } : {},
  };
  return { event, settle: () => once() };
}
