/**
 * The answer to a poll click (`adaptiveCard/action`, verb `vote`): the poll card as the
 * voter should now see it, their own notice on top ("your vote is recorded", "this poll is
 * closed"), sent back in the HTTP response so only the voter sees it. Everyone else sees
 * the shared card, whose tally the core updates at most once every 2 seconds.
 */
import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import type { Message } from '../../core/engine/messages.js';
import type { TeamsRenderer } from './teams-renderer.js';

/** The invoke response type that replaces the card for the person who clicked. */
export const ADAPTIVE_CARD_RESPONSE = 'application/vnd.microsoft.card.adaptive';

/** The response to a vote: `poll` as last shown to everyone (if known) with the voter's `notice`. */
export function voteInvokeResponse(
  renderer: TeamsRenderer,
  poll: Extract<Message, { kind: 'poll' }> | undefined,
  notice: Message | undefined,
): AdaptiveCardInvokeResponse {
  const card = poll ? renderer.voterCard(poll, notice) : notice ? renderer.cards(notice)[0] : undefined;
  if (!card) return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: '' as never };
  return { statusCode: 200, type: ADAPTIVE_CARD_RESPONSE, value: card as never };
}
