/**
 * The stand-in's Socket Mode side: a WebSocket server at the `ws://…/link/?ticket=…` URLs
 * that `apps.connections.open` hands out (each ticket once). Like Slack it greets with
 * `hello`, pings, sends envelopes `{ envelope_id, type, payload, accepts_response_payload,
 * retry_attempt, retry_reason }` and waits for the app's ack `{ envelope_id, payload? }`.
 *
 * @example
 * const ack = await standin.socket.send('events_api', standin.buildEvent(event));
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';

/** Envelope types Slack sends over Socket Mode. */
export type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

/** An app's acknowledgement of one envelope. */
export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
}

/** Options of one envelope. */
export interface SocketSendOptions {
  /** Redelivery number (events only), with `retryReason` (default `timeout`). */
  retryAttempt?: number;
  retryReason?: string;
  /** Reject when the app has not acked within this time (default 10,000 ms). */
  timeoutMs?: number;
}

interface Pending {
  resolve: (ack: SocketAck) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  type: EnvelopeType;
  payload: unknown;
}

/** Slack allows at most 10 open Socket Mode connections per app. */
const MAX_CONNECTIONS = 10;

/** Slack's Socket Mode server, for one app. */
export class SocketModeServer {
  /** Every ack received, in order, with the envelope it answered. */
  readonly acks: { type: EnvelopeType; payload: unknown; ack: SocketAck }[] = [];
  /** Called with each ack of a `slash_commands` envelope (the stand-in shows its payload to the user). */
  onCommandAck: (payload: unknown, ack: SocketAck) => void = () => undefined;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly pending = new Map<string, Pending>();
  private readonly pings = new Map<WebSocket, NodeJS.Timeout>();
  private nextSocket = 0;

  /** A server for `appId` pinging every `pingMs`. */
  constructor(
    private readonly appId: string,
    private readonly pingMs: number,
  ) {}

  /** Open connections. */
  get connections(): number {
    return [...this.wss.clients].filter((c) => c.readyState === c.OPEN).length;
  }

  /** A one-use connection URL under `wsBase` (e.g. `ws://127.0.0.1:PORT/`), or undefined at the connection limit. */
  issueUrl(wsBase: string): string | undefined {
    if (this.connections >= MAX_CONNECTIONS) return undefined;
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `${wsBase}link/?ticket=${ticket}&app_id=${this.appId}`;
  }

  /** Takes over an HTTP upgrade to `/link/`; refuses unknown or used tickets with 401. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void {
    const ticket = url.searchParams.get('ticket') ?? '';
    if (!this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.greet(ws));
  }

  /** Sends one envelope to an open connection and resolves with the app's ack. */
  send(type: EnvelopeType, payload: unknown, opts: SocketSendOptions = {}): Promise<SocketAck> {
    const open = [...this.wss.clients].filter((c) => c.readyState === c.OPEN);
    const ws = open[this.nextSocket++ % Math.max(1, open.length)];
    if (!ws) return Promise.reject(new Error('Socket Mode: no open connection (has the app started?)'));
    const envelopeId = randomUUID();
    const envelope: Record<string, unknown> = {
      envelope_id: envelopeId,
      payload,
      type,
      accepts_response_payload: type !== 'events_api',
    };
    if (type === 'events_api') {
      envelope.retry_attempt = opts.retryAttempt ?? 0;
      envelope.retry_reason = opts.retryAttempt ? (opts.retryReason ?? 'timeout') : '';
    }
    const timeoutMs = opts.timeoutMs ?? 10_000;
    return new Promise<SocketAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        reject(new Error(`Socket Mode: no ack of ${type} envelope ${envelopeId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(envelopeId, { resolve, reject, timer, type, payload });
      ws.send(JSON.stringify(envelope));
    });
  }

  /** Asks every connection to reconnect, as Slack does when it recycles a server. */
  disconnectAll(reason = 'refresh_requested'): void {
    for (const ws of this.wss.clients)
      ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-standin' } }));
  }

  /**
   * Closes every connection (a close handshake, then a hard stop after `graceMs`) and
   * rejects acks still awaited.
   */
  async close(graceMs = 2_000): Promise<void> {
    for (const [id, entry] of this.pending) {
      clearTimeout(entry.timer);
      entry.reject(new Error(`Socket Mode: stand-in stopped before envelope ${id} was acked`));
    }
    this.pending.clear();
    for (const timer of this.pings.values()) clearInterval(timer);
    this.pings.clear();
    const closing = [...this.wss.clients].map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === ws.CLOSED) return resolve();
          const timer = setTimeout(() => {
            ws.terminate();
            resolve();
          }, graceMs);
          ws.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          if (ws.readyState === ws.OPEN) ws.close(1001, 'going away');
        }),
    );
    await Promise.all(closing);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private greet(ws: WebSocket): void {
    ws.on('message', (data) => this.receive(String(data)));
    ws.on('close', () => {
      clearInterval(this.pings.get(ws));
      this.pings.delete(ws);
    });
    this.pings.set(
      ws,
      setInterval(() => ws.ping(Buffer.from(`ping-${Date.now()}`)), this.pingMs),
    );
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.connections,
        debug_info: { host: 'applink-standin', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: this.appId },
      }),
    );
  }

  private receive(text: string): void {
    let message: { envelope_id?: unknown; payload?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return; // Slack ignores frames that are not JSON; so does the stand-in.
    }
    const id = typeof message.envelope_id === 'string' ? message.envelope_id : undefined;
    const entry = id ? this.pending.get(id) : undefined;
    if (!id || !entry) return;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    const ack: SocketAck =
      message.payload === undefined ? { envelope_id: id } : { envelope_id: id, payload: message.payload };
    this.acks.push({ type: entry.type, payload: entry.payload, ack });
    if (entry.type === 'slash_commands') this.onCommandAck(entry.payload, ack);
    entry.resolve(ack);
  }
}
