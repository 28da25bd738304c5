/**
 * The real translator for tests: the project's own `locales/` loaded through
 * `createTranslator` (once per test file), and a markup that makes escaping and
 * formatting visible, so a test can see which text went through `escape`, and checks of
 * composed output (every text of a message, untranslated keys).
 */
import { createTranslator, type LoadedTranslator } from '../../src/infra/i18n.js';
import type { Composed, Markup } from '../../src/core/compose/composed.js';

let loading: Promise<LoadedTranslator> | undefined;

/** The translator over the real locales (the same instance for every call in a test file). */
export function realTranslator(): Promise<LoadedTranslator> {
  loading ??= createTranslator();
  return loading;
}

/**
 * A markup whose effects show: `escape` wraps text in `[…]` and turns `<` `>` `&` into
 * entities (so a raw `<!channel>` can only come from unescaped text), `bold` wraps in `*`,
 * `italic` in `_`, `link` gives `<url|label>`, line breaks are `\n`.
 */
export const visibleMarkup: Markup = {
  escape: (text) => `[${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}]`,
  bold: (text) => `*${text}*`,
  italic: (text) => `_${text}_`,
  link: (url, label) => `<${url}|${label}>`,
  newline: '\n',
};

/** Every text of a composed message: headings, paragraphs, result rows, buttons, small print, fallback. */
export function composedTexts(c: Composed): string[] {
  return [
    c.fallback,
    ...c.context,
    ...(c.buttons ?? []).map((b) => b.label),
    ...c.sections.flatMap((s) => [
      ...(s.heading ? [s.heading] : []),
      ...s.paragraphs,
      ...(s.bars ?? []).flatMap((b) => [b.title, ...(b.note ? [b.note] : []), ...b.rows.map((r) => r.label)]),
    ]),
  ];
}

/** Texts that show a translation went wrong: a `namespace:key` i18next returned, or a `{{variable}}` left unfilled. */
export function untranslated(texts: readonly string[]): string[] {
  return texts.filter((text) => /\b(?:messages|notice|commands|web|plan):[\w-]/.test(text) || text.includes('{{'));
}
