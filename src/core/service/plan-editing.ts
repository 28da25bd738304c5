/**
 * What the plan editor does, platform-free: who a link belongs to, the plan it opens, live
 * validation with the one rule set of `roundtable validate`, saves and restores under
 * optimistic concurrency, each save re-checking that the person is still an organizer.
 */
import type { PlanValidation } from '../plan/plan-validate.js';
import type { PlanProblem } from '../plan/plan-problem.js';
import type { PlanAuthor, PlanSaveResult, PlanVersionInfo, StoredPlan } from '../ports.js';
import type { EditorGrant, EditorTokens } from './editor-tokens.js';
import type { PlanCatalogue } from './plan-catalogue.js';

/** What a link opens: the stored plan, a read-only file plan, or a new plan. */
export interface EditorState {
  grant: EditorGrant;
  /** The plan document shown (a stored plan's latest version, a file plan's data), absent for a new plan. */
  source?: Record<string, unknown>;
  origin: 'stored' | 'file' | 'new';
  version?: PlanVersionInfo;
  versions: PlanVersionInfo[];
}

/** Refusals of the editor, as HTTP statuses: missing/unknown/altered 404, expired 410, not allowed 403. */
export type Refusal = { ok: false; status: 403 | 404 | 410 };

/** What the editor needs. */
export interface PlanEditingDeps {
  tokens: EditorTokens;
  catalogue: PlanCatalogue;
  /** ROUNDTABLE_ORGANIZERS. */
  organizers: readonly string[];
  /** Plan validation on data (the rules of `roundtable validate`). */
  validate(data: unknown): PlanValidation;
  /** A file plan's document as data, for showing it read-only. */
  fileData?(id: string): Promise<Record<string, unknown> | undefined>;
}

/** The editor's operations. */
export class PlanEditing {
  constructor(private readonly deps: PlanEditingDeps) {}

  /** Checks a link and counts the request as activity. */
  async grantOf(token: string): Promise<{ ok: true; grant: EditorGrant } | Refusal> {
    return this.deps.tokens.use(token);
  }

  /** The plan a link opens (`planId` overrides the link's own plan: after a save of a new plan). */
  async open(grant: EditorGrant, planId = grant.planId): Promise<EditorState> {
    const store = this.deps.catalogue.stored;
    if (!planId) return { grant, origin: 'new', versions: [] };
    const entry = await this.deps.catalogue.entry(grant.workspace, planId);
    if (entry.origin === 'stored') {
      const { number, author, at } = entry.stored;
      return {
        grant,
        origin: 'stored',
        source: entry.stored.source,
        version: { number, author, at },
        versions: (await store?.versions(grant.workspace, planId)) ?? [],
      };
    }
    if (entry.origin === 'file') {
      const data = await this.deps.fileData?.(planId);
      return { grant, origin: 'file', ...(data ? { source: data } : {}), versions: [] };
    }
    return { grant, origin: 'new', versions: [] };
  }

  /** Every problem of `data` (none: it may be saved). */
  validate(data: unknown): PlanProblem[] {
    const result = this.deps.validate(data);
    return result.ok ? [] : result.problems;
  }

  /** Saves `data` as the next version after `baseVersion` (undefined: a new plan). */
  async save(grant: EditorGrant, data: unknown, baseVersion: number | undefined): Promise<PlanSaveResult | Refusal> {
    const checked = this.deps.validate(data);
    if (!checked.ok) return { ok: false, reason: 'invalid', problems: checked.problems };
    const id = checked.plan.id;
    const current = await this.deps.catalogue.entry(grant.workspace, id);
    const planOrganizers = current.origin === 'stored' ? current.stored.plan.organizers : [];
    if (!this.stillOrganizer(grant, planOrganizers, baseVersion === undefined)) return { ok: false, status: 403 };
    // A stored plan may not take a file plan's id: refused like a conflict, naming the file.
    if (current.origin === 'file')
      return {
        ok: false,
        reason: 'conflict',
        latest: { number: 0, author: { id: '', name: current.listing.file }, at: 0 },
      };
    return this.store().save(grant.workspace, data, {
      author: authorOf(grant),
      ...(baseVersion !== undefined ? { baseVersion } : {}),
    });
  }

  /** Saves version `number` of the plan again, as a new version. */
  async restore(
    grant: EditorGrant,
    planId: string,
    number: number,
    baseVersion: number,
  ): Promise<PlanSaveResult | Refusal> {
    const current = await this.store().get(grant.workspace, planId);
    if (!this.stillOrganizer(grant, current?.plan.organizers ?? [], false)) return { ok: false, status: 403 };
    return this.store().restore(grant.workspace, planId, number, { author: authorOf(grant), baseVersion });
  }

  /** One kept version, for showing it. */
  version(grant: EditorGrant, planId: string, number: number): Promise<StoredPlan | undefined> {
    return this.store().getVersion(grant.workspace, planId, number);
  }

  /**
   * Whether the link's holder may still save: listed in ROUNDTABLE_ORGANIZERS, or (not for a
   * new plan) in the plan's organizers, or an organizer by platform role when the link was
   * issued (a role the server cannot ask the platform about outside a request from it).
   */
  private stillOrganizer(grant: EditorGrant, planOrganizers: readonly string[], isNew: boolean): boolean {
    const names = [grant.user.id, grant.user.email].filter((x): x is string => Boolean(x)).map((x) => x.toLowerCase());
    const listed = [...this.deps.organizers, ...(isNew ? [] : planOrganizers)].map((o) => o.toLowerCase());
    return grant.viaRole || names.some((n) => listed.includes(n));
  }

  private store() {
    const store = this.deps.catalogue.stored;
    if (!store) throw new Error('plan editing needs a plan store');
    return store;
  }
}

function authorOf(grant: EditorGrant): PlanAuthor {
  return { id: grant.user.id, name: grant.user.name };
}
