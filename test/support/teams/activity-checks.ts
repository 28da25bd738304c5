/**
 * What the Teams stand-in checks in an activity a bot sends: the swagger's `Activity`
 * definition, a few rules of its own that real Teams enforces in effect (a type; a message
 * with text or attachments), every Adaptive Card against the 1.5 schema, and the size limit.
 */
import { ADAPTIVE_CARD_CONTENT_TYPE, validateAdaptiveCardSchema } from './adaptive-card-validator.js';
import { ConnectorErrors, type ConnectorReply } from './connector-errors.js';
import { connectorSwaggerValidator } from './swagger-validator.js';

/** Teams' message size limit, about 100 KB. */
export const TEAMS_MAX_MESSAGE_BYTES = 100 * 1024;

/** Problems with one activity as lines; empty when it would be accepted. */
export function activityProblems(activity: Record<string, unknown>, specsDir: string | undefined): string[] {
  const problems: string[] = [];
  if (specsDir !== undefined)
    problems.push(
      ...connectorSwaggerValidator(specsDir)
        .validate('Activity', activity)
        .map((l) => `activity${l}`),
    );
  if (typeof activity.type !== 'string' || activity.type === '') problems.push('activity/type is required');
  const attachments = Array.isArray(activity.attachments) ? (activity.attachments as unknown[]) : [];
  if (activity.type === 'message') {
    const hasText = typeof activity.text === 'string' && activity.text.trim() !== '';
    if (!hasText && attachments.length === 0)
      problems.push('activity: a message needs text or at least one attachment');
  }
  if (specsDir !== undefined) {
    attachments.forEach((attachment, i) => {
      const a = attachment as { contentType?: unknown; content?: unknown } | null;
      if (a?.contentType !== ADAPTIVE_CARD_CONTENT_TYPE) return;
      for (const line of validateAdaptiveCardSchema(a.content, specsDir))
        problems.push(`activity/attachments/${i}/content${line}`);
    });
  }
  return problems;
}

/** The serialized size of a value in bytes (UTF-8 JSON). */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

/**
 * The reply refusing `activity` (413 when too big, 400 when invalid), or undefined to accept it.
 * `validate: false` keeps only the size limit.
 */
export function refuseActivity(
  activity: Record<string, unknown>,
  options: { specsDir: string | undefined; validate: boolean },
): ConnectorReply | undefined {
  const bytes = jsonBytes(activity);
  if (bytes > TEAMS_MAX_MESSAGE_BYTES) return ConnectorErrors.tooBig(bytes, TEAMS_MAX_MESSAGE_BYTES);
  if (!options.validate) return undefined;
  const problems = activityProblems(activity, options.specsDir);
  return problems.length > 0 ? ConnectorErrors.badArgument(problems.join('; ')) : undefined;
}

/** Problems with create-conversation parameters (swagger), empty when fine or when not validating. */
export function conversationParametersProblems(
  params: Record<string, unknown>,
  specsDir: string | undefined,
): string[] {
  return specsDir === undefined
    ? []
    : connectorSwaggerValidator(specsDir)
        .validate('ConversationParameters', params)
        .map((l) => `parameters${l}`);
}
