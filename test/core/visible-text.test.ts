/** Why: `visibleText` is the one filter of invisible characters; what it keeps matters as much as what it removes. */
import { describe, expect, it } from 'vitest';
import { visibleText } from '../../src/core/visible-text.js';

describe('visibleText', () => {
  it('removes bidi overrides, embeddings, isolates, marks, zero-width spaces and control codes', () => {
    const hidden =
      '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C\u200B\u2060\uFEFF\u0000\u0007\u001B\u007F\u0085';
    expect(visibleText(`invoice${hidden}fdp.exe`)).toBe('invoicefdp.exe');
  });

  it('keeps line breaks, tabs, accents, joined emoji and scripts that need joiners', () => {
    const text = 'Équipe\tfamille 👨\u200D👩\u200D👧\nمی\u200Cخواهم';
    expect(visibleText(text)).toBe(text);
  });

  it('turns line and paragraph separators into line breaks', () => {
    expect(visibleText('one\u2028two\u2029three')).toBe('one\ntwo\nthree');
  });
});
