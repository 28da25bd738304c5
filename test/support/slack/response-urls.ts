/**
 * The `response_url`s the stand-in hands out with slash commands and block actions, and
 * what Slack does with what the app sends there (or in a command's ack): an ephemeral
 * message by default, a channel message with `response_type: 'in_channel'`, and for
 * actions `replace_original` / `delete_original` on the message that held the button.
 */
import { randomBytes } from 'node:crypto';
import { WORKSPACE } from './slack-ids.js';
import { isApiError, messageContent } from './method-context.js';
import type { MethodContext } from './method-context.js';
import type { ResponseRecord } from './standin-types.js';
import type { WorkspaceState } from './workspace-state.js';

/** Where a `response_url`'s answers land. */
export interface ResponseTarget {
  kind: 'command' | 'action';
  channel: string;
  user: string;
  /** The message holding the clicked element (actions). */
  messageTs?: string;
  /** Whether that message is an ephemeral one. */
  ephemeral?: boolean;
  threadTs?: string;
}

/** Slack lets an app use a `response_url` five times (within 30 minutes). */
const MAX_USES = 5;

/** The stand-in's `response_url`s: creation, answers, and the record a test reads. */
export class ResponseUrls {
  /** Everything sent to a `response_url`, and non-empty command acks, in order. */
  readonly records: ResponseRecord[] = [];
  private readonly targets = new Map<string, ResponseTarget & { uses: number }>();

  /** URLs under `baseUrl()` (e.g. `http://127.0.0.1:PORT/`). */
  constructor(
    private readonly state: WorkspaceState,
    private readonly baseUrl: () => string,
    private readonly validate: MethodContext['validate'],
  ) {}

  /** A new `response_url` for this target, shaped like Slack's. */
  create(target: ResponseTarget): string {
    const id = `${Math.floor(Math.random() * 1e12)}/${randomBytes(12).toString('hex')}`;
    this.targets.set(id, { ...target, uses: 0 });
    const path = target.kind === 'command' ? 'commands' : 'actions';
    return `${this.baseUrl()}${path}/${WORKSPACE.teamId}/${id}`;
  }

  /** Handles a POST to a `response_url` path (`commands/T…/…` or `actions/T…/…`). */
  receive(path: string, raw: Buffer): { status: number; text: string } {
    const id = path.split('/').slice(2).join('/');
    const target = this.targets.get(id);
    const url = `${this.baseUrl()}${path}`;
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return this.record(url, target?.kind ?? 'command', 'response_url', raw.toString('utf8'), {
        status: 400,
        text: 'invalid_payload',
      });
    }
    if (!target) return this.record(url, 'command', 'response_url', body, { status: 404, text: 'expired_url' });
    target.uses += 1;
    if (target.uses > MAX_USES)
      return this.record(url, target.kind, 'response_url', body, { status: 404, text: 'used_url' });
    return this.record(url, target.kind, 'response_url', body, this.apply(target, body, 'response_url'));
  }

  /** Applies a slash command's non-empty ack body, as Slack shows it to the user. */
  applyAck(responseUrl: string, ack: unknown): void {
    if (ack === undefined || ack === null || ack === '') return;
    const id = responseUrl.split('/').slice(-2).join('/');
    const target = this.targets.get(id);
    if (!target) return;
    this.record(responseUrl, target.kind, 'ack', ack, this.apply(target, ack, 'ack'));
  }

  private record(
    url: string,
    kind: ResponseRecord['kind'],
    source: ResponseRecord['source'],
    body: unknown,
    result: { status: number; text: string },
  ): { status: number; text: string } {
    this.records.push({ url, kind, source, body, status: result.status, at: Date.now() });
    return result;
  }

  /** Slack's effect of one answer. */
  private apply(
    target: ResponseTarget,
    body: unknown,
    source: 'response_url' | 'ack',
  ): { status: number; text: string } {
    const answer = (typeof body === 'string' ? { text: body } : body) as Record<string, unknown>;
    if (typeof answer !== 'object' || answer === null) return { status: 400, text: 'invalid_payload' };
    if (answer.delete_original === true || answer.delete_original === 'true') return this.deleteOriginal(target);
    const content = messageContent({ args: answer, validate: this.validate }, { requireContent: true });
    if (isApiError(content)) return { status: 400, text: content.error };
    const threadTs = typeof answer.thread_ts === 'string' ? answer.thread_ts : target.threadTs;
    if ((answer.replace_original === true || answer.replace_original === 'true') && target.messageTs) {
      return this.replaceOriginal(target, content);
    }
    if (answer.response_type === 'in_channel') {
      this.state.postAsBot(target.channel, { text: content.text, blocks: content.blocks, threadTs });
    } else {
      this.state.postEphemeral({
        channel: target.channel,
        user: target.user,
        text: content.text ?? '',
        blocks: content.blocks,
        source,
        ...(threadTs ? { threadTs } : {}),
      });
    }
    return { status: 200, text: 'ok' };
  }

  private replaceOriginal(
    target: ResponseTarget,
    content: { text?: string; blocks?: unknown[] },
  ): { status: number; text: string } {
    if (target.ephemeral) {
      const ephemeral = this.state.ephemerals.find((e) => e.ts === target.messageTs && e.user === target.user);
      if (!ephemeral) return { status: 404, text: 'message_not_found' };
      ephemeral.text = content.text ?? '';
      ephemeral.blocks = content.blocks;
      return { status: 200, text: 'ok' };
    }
    const message = this.state.find(target.channel, target.messageTs ?? '');
    if (!message || message.deleted) return { status: 404, text: 'message_not_found' };
    this.state.edit(message, { text: content.text ?? '', blocks: content.blocks ?? [] }, WORKSPACE.botUserId);
    if (content.blocks === undefined) delete message.blocks;
    return { status: 200, text: 'ok' };
  }

  private deleteOriginal(target: ResponseTarget): { status: number; text: string } {
    if (target.ephemeral) {
      const index = this.state.ephemerals.findIndex((e) => e.ts === target.messageTs && e.user === target.user);
      if (index < 0) return { status: 404, text: 'message_not_found' };
      this.state.ephemerals.splice(index, 1);
      return { status: 200, text: 'ok' };
    }
    const message = target.messageTs ? this.state.find(target.channel, target.messageTs) : undefined;
    if (!message || message.deleted) return { status: 404, text: 'message_not_found' };
    message.deleted = true;
    return { status: 200, text: 'ok' };
  }
}
