/**
 * Server-Sent Events: a response kept open, one `event:`/`data:` block per change, and a
 * comment every 25 seconds so proxies keep it open. The browser's `EventSource` reconnects
 * by itself and then receives a fresh snapshot.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RoomListener } from './rooms.js';

const HEARTBEAT_MS = 25_000;

/** Opens an event stream on `res` for `user`; `onClose` runs once when the browser leaves or `close()` is called. */
export function openEventStream(
  req: IncomingMessage,
  res: ServerResponse,
  user: string,
  onClose: (listener: RoomListener) => void,
): RoomListener {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    // The stream is the whole life of this connection: once it ends, so does the socket, and a shutdown is not held up.
    connection: 'close',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  let open = true;
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  const listener: RoomListener = {
    user,
    send(event, data) {
      if (open) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    close() {
      if (!open) return;
      open = false;
      clearInterval(heartbeat);
      onClose(listener);
      res.end();
    },
  };
  req.on('close', () => listener.close());
  return listener;
}
