/**
 * Names being asked of Slack (`users.info`) for messages already handed to the engine under
 * their author's user id, by channel and message `ts`. An answer is stored as soon as its
 * event arrives, never after a Web API call; the copy of an `A<k>` answer that the engine
 * posts into its question's thread meanwhile waits here for the author's name.
 *
 * @example
 * const hint = await authors.during('C0123', ts, lookup.then((a) => a.name), () => service.message(channel, provisional, msg));
 * await authors.nameOf('C0123', ts); // undefined once `during` has ended
 */
export class PendingAuthors {
  private readonly names = new Map<string, Promise<string>>();

  /** Runs `work` while the name of the author of message `ts` in `channel` is `name` (still being looked up). */
  async during<T>(channel: string, ts: string, name: Promise<string>, work: () => Promise<T>): Promise<T> {
    const key = `${channel}:${ts}`;
    this.names.set(key, name);
    try {
      return await work();
    } finally {
      this.names.delete(key);
    }
  }

  /** The name of the author of message `ts` in `channel` while it is being looked up, else undefined. */
  nameOf(channel: string, ts: string): Promise<string> | undefined {
    return this.names.get(`${channel}:${ts}`);
  }
}
