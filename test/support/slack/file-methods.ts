/**
 * Slack's external upload flow, as `client.files.uploadV2` drives it:
 * `files.getUploadURLExternal` (filename, length) → POST the bytes to `upload_url`
 * (raw or multipart) → `files.completeUploadExternal` (files, channel_id, thread_ts,
 * initial_comment, blocks), which shares the files in the conversation.
 */
import { slackId, WORKSPACE } from './slack-ids.js';
import { apiError } from './method-rules.js';
import { isApiError, jsonArg, messageContent, postableChannel, stringArg } from './method-context.js';
import { threadParent } from './chat-methods.js';
import { parseMultipart } from './request-body.js';
import type { MethodHandler } from './method-context.js';
import type { StoredFile } from './standin-types.js';
import type { WorkspaceState } from './workspace-state.js';

const getUploadUrl: MethodHandler = (ctx) => {
  const filename = stringArg(ctx.args, 'filename') ?? '';
  const length = Number(stringArg(ctx.args, 'length'));
  if (!filename) return apiError('invalid_arguments', ['[ERROR] filename must not be empty']);
  if (!Number.isInteger(length) || length < 1)
    return apiError('invalid_arguments', ['[ERROR] length must be a positive integer']);
  const file: StoredFile = { id: slackId('F', 10), name: filename, title: filename, length, completed: false };
  const altText = stringArg(ctx.args, 'alt_text');
  if (altText) file.altText = altText;
  ctx.state.files.set(file.id, file);
  return { ok: true, upload_url: ctx.uploadUrl(file.id), file_id: file.id };
};

const completeUpload: MethodHandler = (ctx) => {
  const filesArg = jsonArg(ctx.args, 'files');
  const list = filesArg && 'value' in filesArg ? filesArg.value : undefined;
  if (!Array.isArray(list) || list.length === 0)
    return apiError('invalid_arguments', ['[ERROR] files must be a non-empty array']);
  const entries = list as { id?: unknown; title?: unknown }[];
  const files: StoredFile[] = [];
  for (const entry of entries) {
    const file = typeof entry?.id === 'string' ? ctx.state.files.get(entry.id) : undefined;
    if (!file || file.bytes === undefined || file.completed) return apiError('file_not_found');
    files.push(file);
  }
  let channelId: string | undefined;
  let threadTs: string | undefined;
  if (stringArg(ctx.args, 'channel_id') !== undefined) {
    const channel = postableChannel(ctx, 'channel_id', { byName: false });
    if (isApiError(channel)) return channel;
    const parent = threadParent(ctx, channel.id, stringArg(ctx.args, 'thread_ts'));
    if (isApiError(parent)) return parent;
    channelId = channel.id;
    threadTs = parent;
  }
  const comment = messageContent(
    { ...ctx, args: { text: ctx.args.initial_comment, blocks: ctx.args.blocks } },
    { requireContent: false },
  );
  if (isApiError(comment)) return comment;
  entries.forEach((entry, i) => {
    const file = files[i];
    if (!file) return;
    file.completed = true;
    if (typeof entry.title === 'string' && entry.title) file.title = entry.title;
  });
  if (channelId !== undefined) {
    const message = ctx.state.post({
      channel: channelId,
      user: WORKSPACE.botUserId,
      botId: WORKSPACE.botId,
      text: comment.text ?? '',
      blocks: comment.blocks,
      threadTs,
      fileIds: files.map((f) => f.id),
    });
    for (const file of files) {
      file.channel = channelId;
      file.messageTs = message.ts;
      if (threadTs !== undefined) file.threadTs = threadTs;
    }
  }
  return { ok: true, files: files.map((f) => ({ ...ctx.state.fileView(f), channels: [], groups: [], ims: [] })) };
};

/** The `files.*` handlers by method name. */
export const FILE_METHODS: Record<string, MethodHandler> = {
  'files.getUploadURLExternal': getUploadUrl,
  'files.completeUploadExternal': completeUpload,
};

/**
 * Receives the bytes POSTed to an upload URL (raw, or the first file part of a multipart
 * body as `@slack/web-api` sends it). Returns the HTTP status and text Slack answers.
 */
export async function receiveUpload(
  state: WorkspaceState,
  fileId: string,
  raw: Buffer,
  contentType: string,
): Promise<{ status: number; text: string }> {
  const file = state.files.get(fileId);
  if (!file || file.completed) return { status: 404, text: 'file_not_found' };
  let bytes = raw;
  if (contentType.toLowerCase().startsWith('multipart/form-data')) {
    const part = Object.values(await parseMultipart(raw, contentType)).find((v): v is Buffer => Buffer.isBuffer(v));
    if (!part) return { status: 400, text: 'no_file_data' };
    bytes = part;
  }
  file.bytes = bytes;
  return { status: 200, text: `OK - ${bytes.length}` };
}
