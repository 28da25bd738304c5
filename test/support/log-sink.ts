/** A writable stream that keeps every log line written to it, for tests that read a process's logs. */
import { Writable } from 'node:stream';

/** The lines written so far, and the stream to give a logger. */
export function logSink(): { lines: string[]; sink: Writable } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, sink };
}
