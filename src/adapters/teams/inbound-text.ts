/**
 * What a Teams message says, as the core needs it: whether it is a command (an @mention
 * of the bot that starts the message, or anything typed in a personal chat with it), the
 * command text without the mention, an answer's text with mentions turned into `@Name`,
 * and the button value an `Action.Submit` click carries.
 */
import { TurnContext, type Activity } from 'botbuilder';

const MENTION_TAG = /<at>(.*?)<\/at>/gi;

/** The bot's mention entity in the activity, if the bot was mentioned. */
function botMention(activity: Activity): { text?: string } | undefined {
  const botId = activity.recipient?.id;
  return (activity.entities ?? []).find(
    (e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === botId,
  ) as { text?: string } | undefined;
}

/** True for `@Roundtable …` at the start of a message, or any message in a personal chat. */
export function isCommand(activity: Activity): boolean {
  if (activity.conversation?.conversationType === 'personal') return true;
  const mention = botMention(activity);
  const text = (activity.text ?? '').trimStart();
  return !!mention?.text && text.startsWith(mention.text);
}

/** The command after the bot's mention, on one line. */
export function commandText(activity: Activity): string {
  const text = botMention(activity) ? TurnContext.removeRecipientMention(activity) : activity.text;
  return (text ?? '').replace(MENTION_TAG, '@$1').replace(/\s+/g, ' ').trim();
}

/** A message's text as people read it: the bot's mention removed, other mentions as `@Name`. */
export function plainText(activity: Activity): string {
  const text = botMention(activity) ? TurnContext.removeRecipientMention(activity) : activity.text;
  return (text ?? '')
    .replace(MENTION_TAG, '@$1')
    .replace(/\u00a0/g, ' ')
    .trim();
}

/** The poll button value of an `Action.Submit` click (a message without text whose `value` carries it). */
export function submittedVote(activity: Activity): string | undefined {
  if (activity.text && activity.text.trim() !== '') return undefined;
  const value = (activity.value as { value?: unknown } | undefined)?.value;
  return typeof value === 'string' && value.startsWith('vote|') ? value : undefined;
}
