/**
 * The one call adapters make: every inbound platform event ends here (commands, messages,
 * edits, deletions, reactions, votes), and the service drives time for every running chat.
 * People's names and texts lose their invisible control characters here, once, so no post
 * or export ever carries a bidi override (`visible-text.ts`).
 */
import type { Actor } from '../engine/actor.js';
import { replyLang } from '../engine/actor.js';
import type { AnonymousKeys, ChatPort, Clock, Lease, Logger, Metrics, PlanSource, Store } from '../ports.js';
import type { ChannelRef, Run } from '../engine/run.js';
import type { Lang, Plan } from '../plan/plan.js';
import type { Message } from '../engine/messages.js';
import { Runner } from './runner.js';
import { RunDesk } from './run-desk.js';
import { PollRefresher, type Timers } from './poll-refresher.js';
import { Participation, type ChangeOptions, type InboundMessage, type MessageOptions } from './participation.js';
import { Voting } from './voting.js';
import { CommandHandler, type CommandOptions, type ExportLinks, type Exporter } from './command-handler.js';
import { ScheduleBook, type SchedulerPort } from './schedule-book.js';
import type { DetectLanguage } from '../engine/build-recap.js';
import { pendingSteps, wallTimeOf } from '../engine/timeline.js';
import { asCodedError, isStoreFailure, RoundtableError } from '../errors.js';
import { notice } from '../engine/notice.js';
import { LangChoices } from './lang-choices.js';
import { visibleText } from '../visible-text.js';

/** `actor` with a name people can read as it is: invisible control characters removed (see `visibleText`). */
function visibleActor(actor: Actor): Actor {
  const name = visibleText(actor.name);
  return name === actor.name ? actor : { ...actor, name };
}
import { PlanCommands, scheduleWorkspaceKey, type PlanCommandDeps } from './plan-commands.js';
import { PlanCatalogue } from './plan-catalogue.js';

/** Everything the service is built from. */
export interface ChatServiceDeps {
  store: Store;
  /**
   * Keys of anonymous records, derived from the server secret (`ROUNDTABLE_SECRET`), never
   * stored: every process sharing a store must be given the same.
   */
  keys: AnonymousKeys;
  lease: Lease;
  clock: Clock;
  logger: Logger;
  /** The plans folder, or the catalogue of files and stored plans. */
  plans: PlanSource;
  /** Editor links (`new`, `edit`, `plan-file`); absent when they cannot be made (no public URL). */
  editorLinks?: PlanCommandDeps['links'];
  ports: Partial<Record<ChannelRef['platform'], ChatPort>>;
  organizers: readonly string[];
  speed: number;
  scheduler?: SchedulerPort;
  exporter?: Exporter;
  exportLinks?: ExportLinks;
  detectLanguage?: DetectLanguage;
  timers?: Timers;
  newRunId?: () => string;
  /** How long an event id is remembered to drop redeliveries (Slack retries for up to ~5 min). */
  dedupeTtlMs?: number;
  /** Counts events by kind, duplicates, effects and "not recorded" replies (`/metrics`). */
  metrics?: Metrics;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** The Roundtable engine as adapters see it. */
export class ChatService {
  readonly runner: Runner;
  readonly desk: RunDesk;
  readonly commands: CommandHandler;
  readonly participation: Participation;
  readonly voting: Voting;
  /** The scheduled plans, when this process has a scheduler (`unschedule` answers once no instance will start the plan). */
  readonly schedules?: ScheduleBook;
  private readonly refresher: PollRefresher;
  private readonly langs: LangChoices;
  private ticking?: { handle: unknown; stopped: boolean };
  /** Chats being advanced now (one advance at a time each), by run id. */
  private readonly advancing = new Map<string, Promise<boolean>>();
  /** Chats waiting for a platform this process does not have (logged once). */
  private readonly unreachable = new Set<string>();
  /** Work under way (inbound events, ticks), awaited by `stop`. */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly deps: ChatServiceDeps) {
    const { store, clock, logger } = deps;
    const timers = deps.timers ?? realTimers;
    const keys = deps.keys;
    this.runner = new Runner({
      store,
      keys,
      ports: deps.ports,
      clock,
      logger,
      ...(deps.detectLanguage ? { detectLanguage: deps.detectLanguage } : {}),
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
    });
    this.desk = new RunDesk({ store, lease: deps.lease, clock, logger, runner: this.runner });
    this.refresher = new PollRefresher({ store, runner: this.runner, logger, now: () => clock.now(), timers });
    this.langs = new LangChoices(store, () => clock.now());
    const langOf = (actor: Actor, run?: Run) => this.langOf(actor, run);
    const sleep = (ms: number): Promise<void> => new Promise((resolve) => void timers.setTimeout(resolve, ms));
    this.participation = new Participation({
      store,
      clock,
      logger,
      runner: this.runner,
      desk: this.desk,
      langOf,
      sleep,
    });
    this.voting = new Voting({ store, keys, clock, desk: this.desk, refresher: this.refresher, langOf });
    const catalogue = deps.plans instanceof PlanCatalogue ? deps.plans : new PlanCatalogue(deps.plans);
    if (deps.scheduler) {
      // Each start reads the plan's latest version, in the workspace it was scheduled from.
      const planOf = async (id: string) => catalogue.get(id, await store.getValue<string>(scheduleWorkspaceKey(id)));
      this.schedules = new ScheduleBook({ store, planOf, scheduler: deps.scheduler, logger });
    }
    const planCommands = new PlanCommands({
      store,
      logger,
      organizers: deps.organizers,
      catalogue,
      portOf: (channel) => deps.ports[channel.platform],
      ...(deps.editorLinks ? { links: deps.editorLinks } : {}),
      ...(this.schedules ? { schedules: this.schedules } : {}),
    });
    this.commands = new CommandHandler({
      store,
      keys,
      langs: this.langs,
      clock,
      logger,
      desk: this.desk,
      runner: this.runner,
      plans: deps.plans,
      planCommands,
      organizers: deps.organizers,
      speed: deps.speed,
      langOf,
      ...(deps.exporter ? { exporter: deps.exporter } : {}),
      ...(deps.exportLinks ? { exportLinks: deps.exportLinks } : {}),
      ...(deps.newRunId ? { newRunId: deps.newRunId } : {}),
    });
  }

  /**
   * A command typed by `actor` in `channel` (text after the command name). Replies are for the
   * asker only. `opts.speed` sets the rehearsal speed of a chat it starts (the playground's controls).
   */
  command(channel: ChannelRef, actor: Actor, text: string, opts?: CommandOptions): Promise<Message[]> {
    this.counted('command');
    const who = visibleActor(actor);
    return this.track(
      this.orNotRecorded(
        who,
        'command',
        () => this.commands.handle(channel, who, visibleText(text), opts),
        (m) => [m],
      ),
    );
  }

  /** A participant's message; may return a hint for the author only (see `MessageOptions` for `opts`). */
  message(channel: ChannelRef, actor: Actor, msg: InboundMessage, opts?: MessageOptions): Promise<Message | undefined> {
    this.counted('message');
    const who = visibleActor(actor);
    const seen = { ...msg, text: visibleText(msg.text) };
    return this.track(
      this.orNotRecorded(
        who,
        'answer',
        () => this.participation.message(channel, who, seen, opts),
        (m) => m,
      ),
    );
  }

  /** An edited message; may return a notice for its author only (the chat has ended). */
  edit(channel: ChannelRef, messageId: string, text: string, change?: ChangeOptions): Promise<Message | undefined> {
    this.counted('edit');
    return this.track(this.participation.edit(channel, messageId, visibleText(text), change));
  }

  /** A deleted message; may return a notice for its author only (the chat has ended). */
  remove(channel: ChannelRef, messageId: string, change?: ChangeOptions): Promise<Message | undefined> {
    this.counted('delete');
    return this.track(this.participation.remove(channel, messageId, change));
  }

  /** A reaction added or removed. */
  react(channel: ChannelRef, actor: Actor, messageId: string, reaction: string, added: boolean): Promise<void> {
    this.counted('reaction');
    return this.track(this.participation.react(channel, visibleActor(actor), messageId, reaction, added));
  }

  /** A poll button click; the reply (for the voter only) comes once the ballot is stored. */
  vote(channel: ChannelRef, actor: Actor, value: string): Promise<Message> {
    this.counted('vote');
    const who = visibleActor(actor);
    return this.track(
      this.orNotRecorded(
        who,
        'vote',
        () => this.voting.vote(channel, who, value),
        (m) => m,
      ),
    );
  }

  /**
   * A poll button click the platform may deliver again under the same `deliveryId` (a Teams
   * invoke): the delivery is claimed alongside the ballot read, and a repeat changes nothing
   * (its reply gives the voter's current choice).
   */
  voteOnce(channel: ChannelRef, actor: Actor, value: string, deliveryId: string): Promise<Message> {
    this.counted('vote');
    const who = visibleActor(actor);
    return this.track(
      this.orNotRecorded(
        who,
        'vote',
        () => this.voting.vote(channel, who, value, () => this.firstDelivery(deliveryId)),
        (m) => m,
      ),
    );
  }

  /**
   * True the first time a platform event id is seen (drop redeliveries otherwise), for every
   * instance sharing the store: one write. `ttlMs` says how long it is remembered.
   */
  async firstDelivery(eventId: string, ttlMs: number = this.deps.dedupeTtlMs ?? 15 * 60_000): Promise<boolean> {
    const first = await this.deps.store.claimEvent(eventId, ttlMs);
    if (!first) this.deps.metrics?.count('duplicate_events');
    return first;
  }

  /** The language of replies only `actor` sees. */
  async langOf(actor: Actor, run?: Run): Promise<Lang> {
    const chosen = await this.langs.get(actor.id);
    return replyLang(chosen, actor, run?.lang ?? 'en');
  }

  /** A scheduled start: the plan's channel, on whichever platform has it. */
  startScheduled(plan: Plan): Promise<Run | undefined> {
    return this.track(this.startScheduledNow(plan));
  }

  private async startScheduledNow(plan: Plan): Promise<Run | undefined> {
    const channel = plan.channel ? await this.resolveChannel(plan.channel) : undefined;
    if (!channel) {
      throw new RoundtableError(
        'not_found',
        `Plan ${plan.id} names channel "${plan.channel ?? ''}", which no connected platform has. Invite the bot there (Slack) or type "here" in it (Teams).`,
      );
    }
    const active = await this.desk.activeRun(channel);
    if (active) {
      this.deps.logger.warn(
        { plan: plan.id, runId: active.id },
        'scheduled start skipped: a chat is already running in that channel',
      );
      return undefined;
    }
    return this.commands.startRun(plan, channel, 'schedule');
  }

  /** Finds a channel by the name or id a plan gives. */
  async resolveChannel(nameOrId: string): Promise<ChannelRef | undefined> {
    const registered = await this.deps.store.getValue<ChannelRef>(`registered-channel:${nameOrId.toLowerCase()}`);
    if (registered) return registered;
    for (const port of Object.values(this.deps.ports)) {
      const found = await port?.resolveChannel?.(nameOrId);
      if (found) return found;
    }
    return undefined;
  }

  /** Advances every running chat and finishes effects left over (after a restart or a failure). Never throws. */
  async tick(): Promise<void> {
    const ids = await this.activeIds();
    // Chats advance side by side: one chat waiting for its posts (a platform's pace) never holds up another.
    await Promise.all(ids.map((id) => this.advance(id)));
  }

  /** The running chats, or none (logged) when the store cannot list them. */
  private async activeIds(): Promise<string[]> {
    try {
      return await this.deps.store.activeRunIds();
    } catch (err) {
      this.deps.logger.error({ err }, 'could not list the running chats; retrying at the next tick');
      return [];
    }
  }

  /**
   * Advances one chat (its leftover effects, then the steps now due), or joins the advance
   * already under way. Resolves true when it carried out steps (time passed: more may be
   * due). Never throws.
   */
  private advance(id: string): Promise<boolean> {
    const busy = this.advancing.get(id);
    if (busy) return busy;
    const work = (async () => {
      try {
        await this.desk.drain(id);
        return ((await this.desk.change(id, { type: 'tick' }))?.effects.length ?? 0) > 0;
      } catch (err) {
        // A chat whose platform is not configured in this process (say, a playground rehearsal left
        // in the store after switching to Slack) waits, logged once, instead of failing every second.
        if (err instanceof RoundtableError && err.code === 'platform_unavailable') {
          if (!this.unreachable.has(id))
            this.deps.logger.warn({ runId: id, err }, 'chat waits: its platform is not configured here');
          this.unreachable.add(id);
          return false;
        }
        this.deps.logger.error({ err, runId: id }, 'could not advance the chat; retrying at the next tick');
        return false;
      }
    })().finally(() => this.advancing.delete(id));
    this.advancing.set(id, work);
    return work;
  }

  /** Wall time of the next step of any running chat (for the ticker). */
  async nextDueAt(): Promise<number | undefined> {
    let next: number | undefined;
    for (const id of await this.deps.store.activeRunIds()) {
      const run = await this.deps.store.getRun(id);
      // A chat being advanced is looked at again when it is done (see `startTicking`).
      if (!run || run.status !== 'running' || this.advancing.has(id)) continue;
      const step = pendingSteps(run)[0];
      const at = run.outbox.length > 0 ? this.deps.clock.now() : step ? wallTimeOf(run, step.atMs) : undefined;
      if (at !== undefined && (next === undefined || at < next)) next = at;
    }
    return next;
  }

  /**
   * Starts driving time: advances the chats when their next step is due, at least every
   * `maxWaitMs`. Each chat advances on its own: the loop does not wait for a chat that is
   * still posting (at a platform's pace) before advancing the others, and looks again as
   * soon as one is done.
   */
  startTicking(maxWaitMs = 1000): void {
    const timers = this.deps.timers ?? realTimers;
    const state = { handle: undefined as unknown, stopped: false, busy: false, again: false };
    this.ticking = state;
    const schedule = (ms: number): void => {
      timers.clearTimeout(state.handle);
      state.handle = timers.setTimeout(() => void loop(), ms);
    };
    const wake = (): void => {
      if (state.busy) state.again = true;
      else if (!state.stopped) schedule(0);
    };
    const loop = async (): Promise<void> => {
      if (state.stopped) return;
      if (state.busy) return void (state.again = true);
      state.busy = true;
      state.again = false;
      let wait = maxWaitMs;
      try {
        for (const id of await this.track(this.activeIds())) {
          if (!this.advancing.has(id)) void this.track(this.advance(id)).then((worked) => worked && wake());
        }
        const due = await this.nextDueAt().catch(() => undefined);
        if (due !== undefined) wait = Math.min(maxWaitMs, Math.max(5, due - this.deps.clock.now()));
      } finally {
        state.busy = false;
      }
      if (!state.stopped) schedule(state.again ? 0 : wait);
    };
    void loop();
  }

  /**
   * Runs `work`; when storage fails, returns "not recorded, try again in a moment" for the
   * person instead (in their platform language: their own choice is in the store).
   */
  private async orNotRecorded<T>(
    actor: Actor,
    what: 'command' | 'answer' | 'vote',
    work: () => Promise<T>,
    wrap: (m: Message) => T,
  ): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (!isStoreFailure(err)) {
        if (what !== 'command') throw err;
        // A command never fails silently: the asker hears that it did not work, in their language.
        const coded = asCodedError(err);
        this.deps.logger.error({ err: coded, user: actor.id, code: coded.code }, 'command failed');
        return wrap(
          notice(await this.langOf(actor).catch(() => replyLang(undefined, actor, 'en')), 'command-failed', {
            code: coded.code,
          }),
        );
      }
      this.deps.logger.warn({ err, user: actor.id, what }, 'not recorded: storage unavailable');
      this.deps.metrics?.count('not_recorded', { what });
      // The store cannot say which language they chose: the choice this process last saw, else their platform's language.
      return wrap(notice(replyLang(this.langs.known(actor.id), actor, 'en'), 'not-recorded', { what }));
    }
  }

  /**
   * Stops the ticker and pending poll updates, then resolves once the work under way (a tick,
   * inbound events) has finished, so its steps are journaled and its leases released
   * (graceful shutdown: close the store after this).
   */
  async stop(): Promise<void> {
    if (this.ticking) {
      this.ticking.stopped = true;
      (this.deps.timers ?? realTimers).clearTimeout(this.ticking.handle);
    }
    this.refresher.stop();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private counted(kind: 'command' | 'message' | 'edit' | 'delete' | 'reaction' | 'vote'): void {
    this.deps.metrics?.count('events', { kind });
  }

  /** Remembers `work` until it settles (for `stop`). */
  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const forget = (): void => void this.inFlight.delete(work);
    work.then(forget, forget);
    return work;
  }
}
