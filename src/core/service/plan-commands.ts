/**
 * The commands that make and change plans: `new` and `edit` (a private editor link),
 * `plan-file` (the plan as YAML, privately) and `delete`. Rights were checked by the
 * command handler; replies are notices only the asker sees.
 */
import type { Actor } from '../engine/actor.js';
import type { ChannelRef, Run } from '../engine/run.js';
import type { Lang } from '../plan/plan.js';
import type { Message } from '../engine/messages.js';
import type { ChatPort, Logger, Store } from '../ports.js';
import { notice } from '../engine/notice.js';
import type { EditorTokens } from './editor-tokens.js';
import { type PlanCatalogue, workspaceOf } from './plan-catalogue.js';
import type { ScheduleBook } from './schedule-book.js';

/** Key of the workspace a scheduled plan was armed in, so each start reads that workspace's latest version. */
export const scheduleWorkspaceKey = (planId: string): string => `schedule-workspace:${planId}`;

/** What plan commands need. */
export interface PlanCommandDeps {
  store: Store;
  logger: Logger;
  catalogue: PlanCatalogue;
  /** Absent when links cannot be made (Slack or Teams without ROUNDTABLE_PUBLIC_URL). */
  links?: { tokens: EditorTokens; base: string };
  organizers: readonly string[];
  /** The schedule list (when this process has a scheduler). */
  schedules?: ScheduleBook;
  portOf(channel: ChannelRef): ChatPort | undefined;
}

/** `new`, `edit`, `plan-file`, `delete`. */
export class PlanCommands {
  constructor(private readonly deps: PlanCommandDeps) {}

  /** `new` (no plan) or `edit <plan-id>`: a private link to the editor. */
  async editorLink(channel: ChannelRef, actor: Actor, lang: Lang, planId?: string): Promise<Message[]> {
    const links = this.deps.links;
    if (!links) return [notice(lang, 'editor-needs-public-url')];
    if (planId && (await this.deps.catalogue.entry(workspaceOf(channel), planId)).origin === 'none')
      return [notice(lang, 'unknown-plan', { plan: planId })];
    const token = await this.grant(channel, actor, lang, planId);
    this.deps.logger.info({ user: actor.id, plan: planId ?? '(new)' }, 'editor link issued');
    return [notice(lang, 'editor-link', { url: `${links.base}/editor/${token}` })];
  }

  /** `plan-file <plan-id>`: uploaded privately where the platform can, else a private link. */
  async planFile(channel: ChannelRef, actor: Actor, lang: Lang, planId: string): Promise<Message[]> {
    const file = await this.deps.catalogue.fileOf(workspaceOf(channel), planId);
    if (!file) return [notice(lang, 'unknown-plan', { plan: planId })];
    const port = this.deps.portOf(channel);
    if (port?.sendFilePrivately) {
      await port.sendFilePrivately(channel, actor.id, {
        name: file.name,
        title: file.name,
        content: file.content,
        mime: 'application/yaml',
      });
      return [notice(lang, 'plan-file-sent', { file: file.name })];
    }
    const links = this.deps.links;
    if (!links) return [notice(lang, 'editor-needs-public-url')];
    const token = await this.grant(channel, actor, lang, planId);
    return [notice(lang, 'plan-file-link', { url: `${links.base}/plans/${token}/${planId}.yaml`, file: file.name })];
  }

  /** `delete <plan-id>`: refused while it runs; unscheduled first (and said so); versions go too. */
  async delete(channel: ChannelRef, lang: Lang, planId: string): Promise<Message[]> {
    const ws = workspaceOf(channel);
    const entry = await this.deps.catalogue.entry(ws, planId);
    if (entry.origin === 'none') return [notice(lang, 'unknown-plan', { plan: planId })];
    if (entry.origin === 'file') return [notice(lang, 'plan-from-file', { plan: planId })];
    const running = await this.runningOf(ws, planId);
    if (running) return [notice(lang, 'plan-running', { plan: planId })];
    const wasArmed = (await this.deps.schedules?.listed(planId)) ?? false;
    if (wasArmed) await this.deps.schedules?.change(planId, false);
    await this.deps.catalogue.stored?.delete(ws, planId);
    this.deps.logger.info({ plan: planId, unscheduled: wasArmed }, 'stored plan deleted');
    return [notice(lang, wasArmed ? 'plan-deleted-unscheduled' : 'plan-deleted', { plan: planId })];
  }

  /** `schedule` / `unschedule`: arms or disarms the plan's start and reminders, on every instance (through the store). */
  async schedule(sub: 'schedule' | 'unschedule', planId: string, lang: Lang, workspace: string): Promise<Message[]> {
    const schedules = this.deps.schedules;
    const plan = await this.deps.catalogue.get(planId, workspace);
    if (!plan) return [notice(lang, 'unknown-plan', { plan: planId })];
    if (!schedules || (!plan.start && !plan.repeat)) return [notice(lang, 'not-scheduled', { plan: planId })];
    if (sub === 'schedule') await this.deps.store.setValue(scheduleWorkspaceKey(planId), workspace);
    // Answers once the store no longer lists it: from then on no instance starts it (see `ScheduleBook`).
    await schedules.change(planId, sub === 'schedule');
    return [notice(lang, sub === 'schedule' ? 'scheduled' : 'unscheduled', { plan: planId })];
  }

  private async grant(channel: ChannelRef, actor: Actor, lang: Lang, planId?: string): Promise<string> {
    const planOrganizers = planId
      ? ((await this.deps.catalogue.get(planId, workspaceOf(channel)))?.organizers ?? [])
      : [];
    const listed = new Set([...this.deps.organizers, ...planOrganizers].map((o) => o.toLowerCase()));
    const viaRole = !listed.has(actor.id.toLowerCase()) && !(actor.email && listed.has(actor.email.toLowerCase()));
    const user = { id: actor.id, name: actor.name, ...(actor.email ? { email: actor.email } : {}) };
    return this.deps.links!.tokens.issue({
      user,
      platform: channel.platform,
      workspace: workspaceOf(channel),
      lang,
      viaRole,
      ...(planId ? { planId } : {}),
    });
  }

  private async runningOf(ws: string, planId: string): Promise<Run | undefined> {
    for (const id of await this.deps.store.activeRunIds()) {
      const run = await this.deps.store.getRun(id);
      if (run && run.status !== 'ended' && run.planId === planId && workspaceOf(run.channel) === ws) return run;
    }
    return undefined;
  }
}
