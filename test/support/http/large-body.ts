/**
 * Why: the memory tests send bodies of tens of megabytes without holding them: one 64 KiB
 * chunk written again and again, with or without a `Content-Length`, so the sender's own
 * memory stays flat and the server's growth is what shows. Also samples a process's RSS.
 */
import { request } from 'node:http';

/** What came back for one large body: the status if an answer arrived, and how much was written. */
export interface LargeBodyResult {
  status?: number;
  /** Bytes handed to the socket before the server answered or closed. */
  written: number;
  /** The connection error, when the server closed before (or instead of) answering. */
  error?: string;
}

const CHUNK = Buffer.alloc(64 * 1024, 'a');

/** POSTs `bytes` of body to `url` (JSON content type), declaring its length or sent chunked. */
export function sendLargeBody(
  url: string,
  bytes: number,
  opts: { declareLength: boolean; headers?: Record<string, string> },
): Promise<LargeBodyResult> {
  return new Promise((resolve) => {
    const result: LargeBodyResult = { written: 0 };
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      resolve(result);
    };
    const req = request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(opts.declareLength ? { 'content-length': String(bytes) } : {}),
        ...opts.headers,
      },
    });
    req.on('response', (res) => {
      result.status = res.statusCode;
      res.resume();
      res.on('end', finish);
      res.on('error', finish);
      req.destroy();
    });
    req.on('error', (err) => {
      result.error = (err as NodeJS.ErrnoException).code ?? err.message;
      finish();
    });
    req.on('close', () => setImmediate(finish));
    const pump = () => {
      while (result.written < bytes && !req.destroyed) {
        const size = Math.min(CHUNK.length, bytes - result.written);
        result.written += size;
        if (!req.write(size === CHUNK.length ? CHUNK : CHUNK.subarray(0, size))) return void req.once('drain', pump);
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
}

/** Samples `process.memoryUsage().rss` every 5 ms while `work` runs; resolves with its result and the peak. */
export async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; before: number; peak: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, before, peak };
  } finally {
    clearInterval(timer);
  }
}
