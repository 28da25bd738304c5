/**
 * The few collection primitives the stored plans need: the SQLite and Redis backends offer
 * them (`GuardedBackend`), and `memoryPlanRecords` offers them in memory, so one
 * `PlanStore` implementation serves every backend and one contract suite tests it.
 */

/** Keyed collections of JSON texts, with an atomic "set if absent". */
export interface PlanRecords {
  hset(coll: string, field: string, json: string): Promise<void>;
  /** Sets `field` only if absent; true when it was added (atomic across instances). */
  hsetnx(coll: string, field: string, json: string): Promise<boolean>;
  hget(coll: string, field: string): Promise<string | undefined>;
  hdel(coll: string, field: string): Promise<boolean>;
  hgetall(coll: string): Promise<Array<[string, string]>>;
  hdrop(coll: string): Promise<void>;
}

/** Collections kept in this process only (the memory store, rehearsals, tests). */
export function memoryPlanRecords(): PlanRecords {
  const colls = new Map<string, Map<string, string>>();
  const of = (coll: string): Map<string, string> => {
    let map = colls.get(coll);
    if (!map) colls.set(coll, (map = new Map()));
    return map;
  };
  return {
    async hset(coll, field, json) {
      of(coll).set(field, json);
    },
    async hsetnx(coll, field, json) {
      const map = of(coll);
      if (map.has(field)) return false;
      map.set(field, json);
      return true;
    },
    hget: async (coll, field) => colls.get(coll)?.get(field),
    hdel: async (coll, field) => colls.get(coll)?.delete(field) ?? false,
    hgetall: async (coll) => [...(colls.get(coll) ?? new Map<string, string>()).entries()],
    async hdrop(coll) {
      colls.delete(coll);
    },
  };
}
