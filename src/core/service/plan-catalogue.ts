/**
 * One catalogue of plans for every command and page: the plans folder (read-only, "from a
 * file", seen in every workspace) merged with the plans stored per workspace. Reads go to
 * the shared store each time, so a save through any instance is seen at once by all.
 */
import type { ChannelRef } from '../engine/run.js';
import type { Lang, Plan } from '../plan/plan.js';
import type { PlanListing, PlanSource, PlanStore, StoredPlan } from '../ports.js';

/** The workspace a channel's stored plans belong to: its Slack team / Teams tenant, else its platform. */
export function workspaceOf(channel: Pick<ChannelRef, 'platform' | 'workspace'>): string {
  return channel.workspace ?? channel.platform;
}

/** Where a plan id leads in one workspace. */
export type PlanEntry =
  { origin: 'stored'; stored: StoredPlan } | { origin: 'file'; plan?: Plan; listing: PlanListing } | { origin: 'none' };

/** Plan texts, from outside the core: a file's bytes, a stored plan written as YAML. */
export interface PlanTexts {
  /** The text of the file plan `id`, as on disk, with its file name. */
  fileText(id: string): Promise<{ name: string; content: string } | undefined>;
  /** A plan document as YAML. */
  yamlOf(source: unknown): string;
}

/** The merged catalogue; a `PlanSource` whose `workspace` argument picks the stored plans. */
export class PlanCatalogue implements PlanSource {
  constructor(
    private readonly files: PlanSource,
    /** The stored plans; without it only files are seen. */
    readonly stored?: PlanStore,
    private readonly texts?: PlanTexts,
  ) {}

  /** `<plan-id>.yaml` for `plan-file`: a stored plan as YAML, a file plan byte for byte. */
  async fileOf(workspace: string, id: string): Promise<{ name: string; content: string } | undefined> {
    const entry = await this.entry(workspace, id);
    if (entry.origin === 'stored' && this.texts)
      return { name: `${id}.yaml`, content: this.texts.yamlOf(entry.stored.source) };
    if (entry.origin === 'file') {
      const text = await this.texts?.fileText(id);
      return text && { name: `${id}.yaml`, content: text.content };
    }
    return undefined;
  }

  /** Stored plans of `workspace` first by id, then files; a file whose id a stored plan has is listed as shadowed. */
  async list(lang?: Lang, workspace?: string): Promise<PlanListing[]> {
    const [files, stored] = await Promise.all([this.files.list(lang), this.storedOf(workspace)]);
    const storedIds = new Set(stored.map((s) => s.id));
    const fileEntries = files.map((f): PlanListing => {
      const base: PlanListing = { ...f, origin: 'file' };
      if (!storedIds.has(f.id)) return base;
      const { plan: _hidden, ...rest } = base;
      return { ...rest, shadowed: true };
    });
    const storedEntries = stored.map((s): PlanListing => ({
      id: s.id,
      file: '',
      plan: s.plan,
      origin: 'stored',
      version: { number: s.number, author: s.author, at: s.at },
    }));
    return [...storedEntries, ...fileEntries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** The plan `id` as it starts now: the stored plan's latest version, else the file's. */
  async get(id: string, workspace?: string): Promise<Plan | undefined> {
    const stored = workspace !== undefined ? await this.stored?.get(workspace, id) : undefined;
    return stored?.plan ?? (await this.files.get(id));
  }

  /** What `id` is in `workspace`: a stored plan, a file (valid or not), or nothing. */
  async entry(workspace: string, id: string): Promise<PlanEntry> {
    const stored = await this.stored?.get(workspace, id);
    if (stored) return { origin: 'stored', stored };
    const listing = (await this.files.list()).find((f) => f.id === id);
    if (!listing) return { origin: 'none' };
    return { origin: 'file', listing, ...(listing.plan ? { plan: listing.plan } : {}) };
  }

  private async storedOf(workspace: string | undefined): Promise<StoredPlan[]> {
    return workspace !== undefined && this.stored ? this.stored.list(workspace) : [];
  }
}

/**
 * One line of `plans`; what follows the tab names where it comes from, put in words by the
 * notice's composer (`file`, `shadowed`, or `version`, number, author, UTC date).
 */
export function listingLine(p: PlanListing): string {
  const head = p.plan ? `✓ ${p.id}` : p.shadowed ? `✗ ${p.id} (${p.file})` : `✗ ${p.id} (${p.file}): ${p.error ?? ''}`;
  if (p.version)
    return [
      head,
      'version',
      p.version.number,
      p.version.author.name,
      new Date(p.version.at).toISOString().slice(0, 10),
    ].join('\t');
  return `${head}\t${p.shadowed ? 'shadowed' : 'file'}`;
}
