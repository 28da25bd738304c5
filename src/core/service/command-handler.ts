/**
 * Carries out organizer and participant commands, the same for every platform: rights
 * first, then the run change, and a reply only the asker sees, in their language.
 */
import type { LangChoices } from './lang-choices.js';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../engine/actor.js';
import { isOrganizer } from '../engine/actor.js';
import type { ChannelRef, Run } from '../engine/run.js';
import type { AnonymousKeys, Clock, Logger, PlanSource, Store } from '../ports.js';
import type { Lang, Plan } from '../plan/plan.js';
import type { Message } from '../engine/messages.js';
import type { RunDesk } from './run-desk.js';
import type { Runner } from './runner.js';
import type { RunEvent } from '../engine/decide.js';
import { lacksLanguages, ORGANIZER_SUBS, parseCommand, type Command, type ExportFormat } from '../engine/commands.js';
import { createRun } from '../engine/create-run.js';
import { notice } from '../engine/notice.js';
import { asCodedError, isStoreFailure } from '../errors.js';
import { recapMessage } from '../engine/step-message.js';
import { pendingSteps, wallTimeOf } from '../engine/timeline.js';
import { voterKey } from '../engine/votes.js';
import type { PlanCommands } from './plan-commands.js';
import { listingLine, workspaceOf } from './plan-catalogue.js';

/** Produces an export file of a run. */
export type Exporter = (
  run: Run,
  format: ExportFormat,
) => Promise<{ name: string; title: string; content: Buffer | string; mime: string }>;

/** Private download links to exports, for platforms that cannot receive files. */
export interface ExportLinks {
  /** A link that cannot be guessed and expires after `hours`. */
  create(run: Run, format: ExportFormat): Promise<{ url: string; hours: number }>;
}

/** What the command handler needs. */
export interface CommandDeps {
  store: Store;
  /** Keys of anonymous ballots (`forget-me` finds a person's through them). */
  keys: AnonymousKeys;
  /** People's `lang` choices (cached; the reply language of every notice). */
  langs: LangChoices;
  clock: Clock;
  logger: Logger;
  desk: RunDesk;
  runner: Runner;
  /** The plans folder, or the catalogue of files and stored plans. */
  plans: PlanSource;
  /** `new`, `edit`, `plan-file`, `delete`, `schedule`, `unschedule`. */
  planCommands: PlanCommands;
  /** `ROUNDTABLE_ORGANIZERS`. */
  organizers: readonly string[];
  /** `ROUNDTABLE_SPEED`. */
  speed: number;
  exporter?: Exporter;
  exportLinks?: ExportLinks;
  langOf(actor: Actor, run?: Run): Promise<Lang>;
  newRunId?: () => string;
}

/** Options of one command. */
export interface CommandOptions {
  /** Rehearsal speed of a chat this command starts (plan ms per wall ms); default: `ROUNDTABLE_SPEED`. */
  speed?: number;
}

/** The command sub-system. */
export class CommandHandler {
  constructor(private readonly deps: CommandDeps) {}

  /** Handles the text after the command name, typed by `actor` in `channel`. */
  async handle(channel: ChannelRef, actor: Actor, text: string, opts: CommandOptions = {}): Promise<Message[]> {
    const run = await this.deps.desk.latestRun(channel);
    const lang = await this.deps.langOf(actor, run);
    const parsed = parseCommand(text);
    if (!parsed.ok) {
      if (parsed.error === 'unknown') return [notice(lang, 'unknown-command', { word: parsed.word })];
      return [notice(lang, 'usage', { sub: parsed.sub })];
    }
    const command = parsed.command;
    if (ORGANIZER_SUBS.has(command.sub)) {
      // `new` needs a global organizer; the others also accept the plan's own organizers.
      const plan =
        command.sub === 'new'
          ? undefined
          : 'planId' in command
            ? await this.deps.plans.get(command.planId, workspaceOf(channel))
            : run?.plan;
      const organizers = [...this.deps.organizers, ...(plan?.organizers ?? [])];
      if (!(await isOrganizer(actor, organizers))) {
        this.deps.logger.info(
          { user: actor.id, channel: channel.id, sub: command.sub },
          'command refused: not an organizer',
        );
        return [notice(lang, 'not-organizer', { tried: command.sub })];
      }
    }
    return this.run(command, channel, actor, lang, run, opts);
  }

  private async run(
    command: Command,
    channel: ChannelRef,
    actor: Actor,
    lang: Lang,
    latest: Run | undefined,
    opts: CommandOptions,
  ): Promise<Message[]> {
    const active = latest && latest.status !== 'ended' ? latest : undefined;
    const change = (event: RunEvent) => this.change(active, event, lang);
    switch (command.sub) {
      case 'start':
        return this.start(command.planId, channel, actor, lang, active, opts.speed);
      case 'stop':
        return change({ type: 'stop' });
      case 'next':
        return change({ type: 'next' });
      case 'pause':
        return change({ type: 'pause' });
      case 'resume':
        return change({ type: 'resume' });
      case 'question':
        if (active && lacksLanguages(command, active.plan.languages))
          return [notice(lang, 'both-languages', { sub: command.sub })];
        return change({ type: 'add-question', text: command.text });
      case 'poll':
        if (active && lacksLanguages(command, active.plan.languages))
          return [notice(lang, 'both-languages', { sub: command.sub })];
        return change({ type: 'add-poll', poll: command.poll });
      case 'recap':
        return this.recap(command.runId, channel, lang, latest);
      case 'export':
        return this.export(command.runId, command.format, channel, lang, latest);
      case 'status':
        return [this.status(lang, active)];
      case 'plans':
        return [await this.plansList(lang, workspaceOf(channel))];
      case 'help':
        return [notice(lang, 'help', undefined)];
      case 'lang':
        await this.deps.langs.set(actor.id, command.lang);
        return [notice(command.lang, 'lang-set', { lang: command.lang })];
      case 'here':
        await this.deps.store.setValue(`registered-channel:${(channel.name ?? channel.id).toLowerCase()}`, channel);
        return [notice(lang, 'registered', { channel: channel.name ?? channel.id })];
      case 'schedule':
      case 'unschedule':
        return this.deps.planCommands.schedule(command.sub, command.planId, lang, workspaceOf(channel));
      case 'forget-me':
        return [notice(lang, 'forgotten', { count: await this.forget(actor.id) })];
      case 'new':
      case 'edit':
      case 'plan-file':
      case 'delete':
        return this.planCommand(command.sub, 'planId' in command ? command.planId : '', channel, actor, lang);
    }
  }

  private async planCommand(
    sub: 'new' | 'edit' | 'plan-file' | 'delete',
    planId: string,
    channel: ChannelRef,
    actor: Actor,
    lang: Lang,
  ): Promise<Message[]> {
    const plans = this.deps.planCommands;
    if (sub === 'new') return plans.editorLink(channel, actor, lang);
    if (sub === 'edit') return plans.editorLink(channel, actor, lang, planId);
    if (sub === 'plan-file') return plans.planFile(channel, actor, lang, planId);
    return plans.delete(channel, lang, planId);
  }

  private async start(
    planId: string,
    channel: ChannelRef,
    actor: Actor,
    lang: Lang,
    active: Run | undefined,
    speed: number | undefined,
  ): Promise<Message[]> {
    if (active) return [notice(lang, 'already-running', { title: active.plan.title[lang] ?? active.planId })];
    const plan = await this.deps.plans.get(planId, workspaceOf(channel));
    if (!plan) {
      const listing = (await this.deps.plans.list(lang, workspaceOf(channel))).find((p) => p.id === planId);
      if (listing?.error) return [notice(lang, 'invalid-plan', { plan: planId, error: listing.error })];
      return [notice(lang, 'unknown-plan', { plan: planId })];
    }
    try {
      await this.startRun(plan, channel, actor.id, speed);
    } catch (err) {
      if (isStoreFailure(err)) throw err;
      const coded = asCodedError(err);
      this.deps.logger.warn(
        { err: coded, plan: plan.id, channel: channel.id },
        'chat could not start: its welcome could not be posted',
      );
      return [notice(lang, 'start-failed', { code: coded.code })];
    }
    return [notice(lang, 'started', { title: plan.title[lang] ?? plan.title[plan.languages[0] ?? 'en'] ?? plan.id })];
  }

  /** Starts `plan` in `channel` now (commands and scheduled starts), at `speed` (default: `ROUNDTABLE_SPEED`). */
  async startRun(
    plan: Plan,
    channel: ChannelRef,
    by: string,
    speed: number = this.deps.speed,
  ): Promise<Run | undefined> {
    const id = this.deps.newRunId?.() ?? `${plan.id.slice(0, 40)}-${randomUUID().slice(0, 8)}`;
    const run = createRun(plan, channel, { id, startedBy: by, now: this.deps.clock.now(), speed });
    this.deps.logger.info({ runId: id, channel: channel.id, plan: plan.id, by, speed }, 'chat started');
    try {
      return await this.deps.desk.open(run);
    } catch (err) {
      if (!isStoreFailure(err)) await this.abandon(run.id);
      throw err;
    }
  }

  /** Ends a run whose welcome never reached the channel, so it does not wait forever. */
  private async abandon(runId: string): Promise<void> {
    const run = await this.deps.store.getRun(runId);
    if (!run || (await this.deps.store.getStep(`${runId}:welcome`))?.state === 'done') return;
    await this.deps.store.saveRun({ ...run, status: 'ended', outbox: [], endedAt: this.deps.clock.now() });
  }

  private async change(active: Run | undefined, event: RunEvent, lang: Lang): Promise<Message[]> {
    if (!active) return [notice(lang, 'no-run-here', undefined)];
    const decision = await this.deps.desk.change(active.id, event);
    if (!decision) return [notice(lang, 'not-recorded', { what: 'command' })];
    return decision.notice ? [notice(lang, decision.notice.key, decision.notice.vars)] : [];
  }

  private async recap(
    runId: string | undefined,
    channel: ChannelRef,
    lang: Lang,
    latest: Run | undefined,
  ): Promise<Message[]> {
    const run = runId ? await this.deps.store.getRun(runId) : latest;
    if (!run || run.channel.id !== channel.id) return [notice(lang, 'no-recap')];
    const recap = await this.deps.runner.recapOf(run);
    await this.deps.runner
      .portOf(run)
      .post(run.channel, recapMessage(recap), { key: `${run.id}:recap-again:${this.deps.clock.now()}` });
    return [];
  }

  private async export(
    runId: string | undefined,
    format: ExportFormat,
    channel: ChannelRef,
    lang: Lang,
    latest: Run | undefined,
  ): Promise<Message[]> {
    const run = runId ? await this.deps.store.getRun(runId) : latest;
    if (!run || run.channel.id !== channel.id) return [notice(lang, 'no-recap')];
    const port = this.deps.runner.portOf(run);
    if (this.deps.exporter && port.upload) {
      const file = await this.deps.exporter(run, format);
      await port.upload(run.channel, file);
      return [notice(lang, 'export-ready', { file: file.name })];
    }
    // A platform that cannot take files (a Teams channel without Graph) gets a private link instead.
    if (this.deps.exportLinks) {
      const link = await this.deps.exportLinks.create(run, format);
      return [notice(lang, 'export-link', { url: link.url, hours: link.hours, format })];
    }
    return [notice(lang, 'usage', { sub: 'export' })];
  }

  private status(lang: Lang, active: Run | undefined): Message {
    if (!active) return notice(lang, 'status-idle', undefined);
    const nextStep = pendingSteps(active)[0];
    const title = active.plan.title[lang] ?? active.planId;
    const inMin = nextStep
      ? Math.max(0, Math.round((wallTimeOf(active, nextStep.atMs) - this.deps.clock.now()) / 60_000))
      : 0;
    const vars = {
      title,
      next: nextStep ? stepLabel(nextStep.id) : '-',
      minutes: inMin,
      asked: active.questions.filter((q) => q.ref).length,
      total: active.questions.length,
    };
    return notice(lang, active.status === 'paused' ? 'status-paused' : 'status-running', vars);
  }

  private async plansList(lang: Lang, workspace: string): Promise<Message> {
    const plans = await this.deps.plans.list(lang, workspace);
    return notice(lang, 'plans-list', { count: plans.length, list: plans.map(listingLine).join('\n') });
  }

  /** Removes a person's answers and ballots, anonymous ones included (found by their digest). */
  private async forget(user: string): Promise<number> {
    const store = this.deps.store;
    let count = await store.forgetUser(user);
    this.deps.langs.forget(user);
    for (const runId of await store.allRunIds()) {
      const run = await store.getRun(runId);
      for (const poll of run?.polls.filter((p) => p.anonymous) ?? []) {
        const key = voterKey(this.deps.keys, run!, poll, user);
        if (await store.getBallot(runId, poll.number, key)) {
          await store.deleteBallot(runId, poll.number, key);
          count++;
        }
      }
    }
    this.deps.logger.info({ count }, 'a participant asked to be forgotten');
    return count;
  }
}

/** `q3` → `Q3`, `p1-open` → `P1`, others as they are. */
function stepLabel(id: string): string {
  const m = /^([qp])(\d+)/.exec(id);
  return m ? `${m[1]!.toUpperCase()}${m[2]}` : id;
}
