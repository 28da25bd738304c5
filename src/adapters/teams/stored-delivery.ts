/**
 * Answering Teams once what an activity carries is stored. A process killed between Teams'
 * HTTP 200 and the store write would lose an answer Teams never sends again, so the 200 waits
 * for the write: for a person's message, until its answer is stored (the rest, such as the
 * copy of an `A<k>` answer in its question's thread, follows after the answer); for anything
 * else, until it is handled; at the latest after `waitMs`, inside Teams' 15 s. A delivery is
 * claimed (redeliveries dropped) only once its answer is stored, so one that died before the
 * write never blocks the next.
 *
 * @example
 * const delivery = storedDelivery(() => service.firstDelivery(key));
 * work.start(subject, async (slot) => {
 *   delivery.afterStored = slot;
 *   await service.message(channel, actor, msg, { stored: () => delivery.stored() });
 *   delivery.received();
 * });
 * await delivery.answered;
 */

/** Longest wait for an activity's write before answering Teams anyway (Teams gives up after about 15 s). */
export const STORED_WAIT_MS = 10_000;

/** One delivery of an activity, between Teams' request and its answer. */
export interface StoredDelivery {
  /** Tells Teams the activity is received (once; later calls do nothing). */
  received(): void;
  /** Claims the delivery once (later calls give the same answer): false when another delivery claimed it first. */
  claim(): Promise<boolean>;
  /** `received()`, then `claim()`, then (when claimed) `afterStored`: for the moment a message's answer is stored. */
  stored(): Promise<boolean>;
  /** What the rest of the work waits for once the answer is stored (a background slot); nothing by default. */
  afterStored: () => Promise<void>;
  /** Gives Teams an error instead (it may deliver again) when nothing was answered yet; false when it was. */
  failed(err: unknown): boolean;
  /** Resolves once Teams may be answered (`received()`, or `waitMs` passed); rejects after `failed`. */
  readonly answered: Promise<void>;
}

/** A delivery whose claim is `claimOnce` (run at most once). */
export function storedDelivery(claimOnce: () => Promise<boolean>, waitMs = STORED_WAIT_MS): StoredDelivery {
  let settle: { resolve(): void; reject(err: unknown): void } | undefined;
  const answered = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  const once = (how: (s: NonNullable<typeof settle>) => void): boolean => {
    if (!settle) return false;
    clearTimeout(timer);
    how(settle);
    settle = undefined;
    return true;
  };
  const timer = setTimeout(() => once((s) => s.resolve()), waitMs);
  let claimed: Promise<boolean> | undefined;
  const delivery: StoredDelivery = {
    received() {
      once((s) => s.resolve());
    },
    failed: (err) => once((s) => s.reject(err)),
    claim: () => (claimed ??= claimOnce()),
    async stored() {
      delivery.received();
      const first = await delivery.claim();
      if (first) await delivery.afterStored();
      return first;
    },
    afterStored: async () => {},
    answered,
  };
  return delivery;
}

/** Where a turn's context keeps its delivery (`ctx.turnState`). */
export const STORED_DELIVERY = Symbol('roundtable.storedDelivery');
