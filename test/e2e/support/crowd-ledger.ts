/**
 * A crowd's own count of what it did in a chat, on any platform: the answers still standing
 * (as last edited, with their reactions) and each person's votes in each poll, kept by the
 * product's voting rule. From it come the figures the recap must show and the rows the CSV
 * export must hold, independently of the engine.
 */
import type { RecapFigures } from './recap-figures.js';

/** An answer as the crowd left it. */
export interface LedgerAnswer {
  /** The question it answers. */
  number: number;
  /** Its author's user id on the platform (Slack user id, Entra object id). */
  authorId: string;
  /** Its author's name, as the export shows it. */
  authorName: string;
  /** The text as the bot should keep it (without the A3/R3 prefix). */
  text: string;
  /** The reactions left on it, one `user|reaction` each. */
  reactions: Set<string>;
}

interface Ballots {
  size: number;
  multiple: number;
  /** The options each voter has picked, in option order. */
  picks: Map<string, number[]>;
}

const RECORDED = /Your vote is recorded|Votre vote est enregistré/;
/** The reply to a click on an option already picked: the same click (within 2 s) or "your vote stays". */
const KEPT = /Your vote is recorded|Votre vote est enregistré|Your vote stays|Votre vote reste/;
const TOO_MANY = /You can pick up to|Vous pouvez choisir jusqu’à/;

/** What a crowd did, counted as the recap and the CSV export define it. */
export class CrowdLedger {
  private readonly answers = new Map<string, LedgerAnswer>();
  private readonly ballots = new Map<number, Ballots>();

  /** Counts an answer posted as message `messageId`; edits to `answer` count as they are made. */
  addAnswer(messageId: string, answer: LedgerAnswer): void {
    this.answers.set(messageId, answer);
  }

  /** Forgets the answer posted as message `messageId`, deleted by its author. */
  deleteAnswer(messageId: string): void {
    this.answers.delete(messageId);
  }

  /** Opens the count of poll `poll`, with `size` options of which a voter may pick up to `multiple`. */
  openPoll(poll: number, size: number, multiple: number): void {
    this.ballots.set(poll, { size, multiple, picks: new Map() });
  }

  /**
   * Counts a click by `voter` on `option` of poll `poll` as the product rule says (a second
   * click keeps the vote, a single-choice poll keeps the last pick, a full ballot refuses more) and
   * returns what the reply to the voter must say.
   */
  click(poll: number, voter: string, option: number): RegExp {
    const ballots = this.ballots.get(poll)!;
    const before = ballots.picks.get(voter) ?? [];
    let after: number[];
    let expected: RegExp;
    if (before.includes(option)) {
      after = before;
      expected = KEPT;
    } else if (ballots.multiple <= 1) {
      after = [option];
      expected = RECORDED;
    } else if (before.length >= ballots.multiple) {
      after = before;
      expected = TOO_MANY;
    } else {
      after = [...before, option].sort((a, b) => a - b);
      expected = RECORDED;
    }
    ballots.picks.set(voter, after);
    return expected;
  }

  /** The crowd's own figures (anonymous polls: voters not seen answering, largest poll group). */
  figures(): RecapFigures {
    const answers = [...this.answers.values()];
    const perQuestion = new Map<number, number>();
    for (const a of answers) perQuestion.set(a.number, (perQuestion.get(a.number) ?? 0) + 1);
    const answerers = new Set(answers.map((a) => a.authorId));
    const polls = [...this.ballots];
    const pollCounts = new Map<number, number[]>(polls.map(([poll, b]) => [poll, votesPerOption(b)]));
    const anonymousOnly = Math.max(
      0,
      ...polls.map(([, b]) => [...b.picks].filter(([user, picks]) => picks.length > 0 && !answerers.has(user)).length),
    );
    return { participants: answerers.size + anonymousOnly, answers: answers.length, perQuestion, pollCounts };
  }

  /**
   * The CSV rows the export must hold, without their timestamps: answers (question, author's
   * user id, name, text as last edited, reactions) and votes of anonymous polls (poll, option).
   */
  csvRows(): string[][] {
    const guard = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
    const rows: string[][] = [];
    for (const a of this.answers.values())
      rows.push(['answer', String(a.number), a.authorId, a.authorName, guard(a.text), '', String(a.reactions.size)]);
    for (const [poll, b] of this.ballots)
      for (const picks of b.picks.values())
        for (const o of picks) rows.push(['vote', String(poll), '', '', '', String(o + 1), '']);
    return rows.sort((x, y) => x.join('\u0001').localeCompare(y.join('\u0001')));
  }
}

/** How many votes each option of a poll holds, in option order. */
function votesPerOption(ballots: Ballots): number[] {
  const counts = Array.from({ length: ballots.size }, () => 0);
  for (const picks of ballots.picks.values()) for (const o of picks) counts[o]!++;
  return counts;
}
