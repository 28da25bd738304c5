import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/core/engine/commands.js';

describe('the command grammar', () => {
  it('parses every sub-command, with French aliases', () => {
    expect(parseCommand('start leadersgc-monthly')).toEqual({
      ok: true,
      command: { sub: 'start', planId: 'leadersgc-monthly' },
    });
    expect(parseCommand('démarrer leadersgc-monthly')).toMatchObject({ ok: true, command: { sub: 'start' } });
    expect(parseCommand('arrêter')).toEqual({ ok: true, command: { sub: 'stop' } });
    expect(parseCommand('suivante')).toEqual({ ok: true, command: { sub: 'next' } });
    expect(parseCommand('bilan')).toEqual({ ok: true, command: { sub: 'recap' } });
    expect(parseCommand('aide')).toEqual({ ok: true, command: { sub: 'help' } });
    expect(parseCommand('')).toEqual({ ok: true, command: { sub: 'help' } });
    expect(parseCommand('lang FR')).toEqual({ ok: true, command: { sub: 'lang', lang: 'fr' } });
    expect(parseCommand('export csv')).toEqual({ ok: true, command: { sub: 'export', format: 'csv' } });
    expect(parseCommand('export run-42 html')).toEqual({
      ok: true,
      command: { sub: 'export', runId: 'run-42', format: 'html' },
    });
    expect(parseCommand('recap run-42')).toEqual({ ok: true, command: { sub: 'recap', runId: 'run-42' } });
  });

  it('keeps quoted phrases whole, with straight, curly and French quotes', () => {
    expect(parseCommand('question "What now?" «Et maintenant ?»')).toEqual({
      ok: true,
      command: { sub: 'question', text: { en: 'What now?', fr: 'Et maintenant ?' }, oneLanguage: false },
    });
    expect(parseCommand('question “One text for both”')).toEqual({
      ok: true,
      command: { sub: 'question', text: { en: 'One text for both', fr: 'One text for both' }, oneLanguage: true },
    });
    // Unquoted words are one question, never an English half and a French half.
    expect(parseCommand('question What is up next')).toEqual({
      ok: true,
      command: { sub: 'question', text: { en: 'What is up next', fr: 'What is up next' }, oneLanguage: true },
    });
  });

  it('parses polls with their flags', () => {
    const r = parseCommand(
      'sondage "Best day? | Meilleur jour ?" "Monday | Lundi" "Friday | Vendredi" Sunday --multiple 2 --anonymous --hidden --close 10m',
    );
    expect(r).toEqual({
      ok: true,
      command: {
        sub: 'poll',
        poll: {
          question: { en: 'Best day?', fr: 'Meilleur jour ?' },
          options: [
            { en: 'Monday', fr: 'Lundi' },
            { en: 'Friday', fr: 'Vendredi' },
            { en: 'Sunday', fr: 'Sunday' },
          ],
          multiple: 2,
          anonymous: true,
          results: 'hidden',
          closeAfterMs: 600_000,
        },
        oneLanguage: true,
      },
    });
  });

  it('gives the usage of the sub-command when its arguments are wrong', () => {
    for (const text of [
      'start',
      'start Bad_Id!',
      'stop now',
      'poll "Only one option" "A"',
      'poll "Q" "A" "B" --multiple 3',
      'poll "Q" "A" "B" --close soon',
      'lang de',
      'export pdf',
      'question "unclosed',
      'question',
      'question "a" "b" "c"',
    ]) {
      const r = parseCommand(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.error, text).toBe('usage');
    }
  });

  it('reports an unknown sub-command with the word typed', () => {
    expect(parseCommand('dance')).toEqual({ ok: false, error: 'unknown', word: 'dance' });
  });
});
