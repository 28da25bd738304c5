/**
 * What a Web API method handler receives, and the argument readers and checks the
 * handlers share: booleans and JSON arguments as Slack reads them, message content
 * (`no_text`, `msg_too_long`, `invalid_blocks`), channels (`channel_not_found`,
 * `is_archived`, `not_in_channel`) and `metadata`.
 */
import { assignSlackIds } from './assign-ids.js';
import { MAX_MESSAGE_BLOCKS, MAX_MESSAGE_TEXT } from './block-kit-validator.js';
import { apiError } from './method-rules.js';
import type { ApiError } from './method-rules.js';
import type { MessageMetadata, StandinChannel } from './standin-types.js';
import type { WorkspaceState } from './workspace-state.js';

/** A handler's inputs. */
export interface MethodContext {
  state: WorkspaceState;
  args: Record<string, unknown>;
  /** Block Kit problems of a message (empty when valid or when validation is off). */
  validate: (message: { text?: string; blocks?: unknown[] }) => string[];
  /** A Socket Mode URL for `apps.connections.open`, or undefined at the connection limit. */
  socketUrl: () => string | undefined;
  /** The upload URL of a file ID. */
  uploadUrl: (fileId: string) => string;
}

/** A Web API method: Slack's answer body, `{ ok: true, … }` or an {@link ApiError}. */
export type MethodHandler = (ctx: MethodContext) => Record<string, unknown>;

/** Whether a value is a Slack error answer. */
export function isApiError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false;
}

/** A string argument (numbers are read as their text, as a form body would carry them). */
export function stringArg(args: Record<string, unknown>, name: string): string | undefined {
  const value = args[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** A boolean argument: `true`, `1` or `"true"`/`"1"`. */
export function boolArg(args: Record<string, unknown>, name: string): boolean | undefined {
  const value = args[name];
  if (value === undefined) return undefined;
  return value === true || value === 1 || value === 'true' || value === '1';
}

/** A JSON argument: a JSON string (form bodies) or a value (JSON bodies). */
export function jsonArg(
  args: Record<string, unknown>,
  name: string,
): { value: unknown } | { invalid: true } | undefined {
  const raw = args[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') return { value: raw };
  try {
    return { value: JSON.parse(raw) as unknown };
  } catch {
    return { invalid: true };
  }
}

/** Message content as Slack checks it for posting (blocks get Slack's generated ids), or the error it gives. */
export function messageContent(
  ctx: Pick<MethodContext, 'args' | 'validate'>,
  opts: { requireContent: boolean },
): { text?: string; blocks?: unknown[]; attachments?: unknown[] } | ApiError {
  const text = stringArg(ctx.args, 'text');
  const blocksArg = jsonArg(ctx.args, 'blocks');
  if (blocksArg && ('invalid' in blocksArg || !Array.isArray(blocksArg.value)))
    return apiError('invalid_blocks_format');
  const blocks = blocksArg?.value as unknown[] | undefined;
  const attachmentsArg = jsonArg(ctx.args, 'attachments');
  if (attachmentsArg && ('invalid' in attachmentsArg || !Array.isArray(attachmentsArg.value)))
    return apiError('invalid_attachments');
  const attachments = attachmentsArg?.value as unknown[] | undefined;
  if (text !== undefined && text.length > MAX_MESSAGE_TEXT) return apiError('msg_too_long');
  const hasContent = Boolean(text) || (blocks?.length ?? 0) > 0 || (attachments?.length ?? 0) > 0;
  if (opts.requireContent && !hasContent) return apiError('no_text');
  if (blocks && blocks.length > MAX_MESSAGE_BLOCKS) {
    return apiError('invalid_blocks', [
      `[ERROR] no more than ${MAX_MESSAGE_BLOCKS} items allowed [json-pointer:/blocks]`,
    ]);
  }
  if (blocks && blocks.length > 0) {
    const problems = ctx.validate({ text, blocks });
    if (problems.length > 0)
      return apiError(
        'invalid_blocks',
        problems.map((p) => `[ERROR] ${p}`),
      );
  }
  return { text, blocks: blocks && assignSlackIds(blocks), attachments };
}

/** A channel the bot may post to, or the error Slack gives. */
export function postableChannel(
  ctx: MethodContext,
  argName: string,
  opts: { byName: boolean },
): StandinChannel | ApiError {
  const ref = stringArg(ctx.args, argName) ?? '';
  const channel = ref ? ctx.state.resolveChannel(ref, opts.byName) : undefined;
  if (!channel) return apiError('channel_not_found');
  if (channel.isArchived) return apiError('is_archived');
  if (!channel.botMember) return apiError('not_in_channel');
  return channel;
}

/** A channel by ID (reading methods take IDs only), or `channel_not_found`. */
export function knownChannel(ctx: MethodContext, argName = 'channel'): StandinChannel | ApiError {
  const id = stringArg(ctx.args, argName) ?? '';
  return ctx.state.channels.get(id) ?? apiError('channel_not_found');
}

/** The `metadata` argument: absent, valid, or Slack's metadata error. */
export function metadataArg(ctx: MethodContext): MessageMetadata | undefined | ApiError {
  const arg = jsonArg(ctx.args, 'metadata');
  if (arg === undefined) return undefined;
  if ('invalid' in arg) return apiError('invalid_metadata_format');
  const value = arg.value as Partial<MessageMetadata> | null;
  const payload = value?.event_payload;
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof value.event_type !== 'string' ||
    !/^[a-zA-Z0-9_]+$/.test(value.event_type) ||
    typeof payload !== 'object' ||
    payload === null ||
    Array.isArray(payload)
  ) {
    return apiError('invalid_metadata_schema');
  }
  return { event_type: value.event_type, event_payload: payload };
}
