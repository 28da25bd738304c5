/** Splits a command line into words, keeping quoted phrases ("…", “…”, «…», '…') whole. */

const PAIRS: Record<string, string> = { '"': '"', '“': '”', '”': '”', '«': '»', "'": "'", '‘': '’' };

/**
 * The words of `line`; undefined when a quote is left open.
 *
 * @example
 * tokenize('poll "Best day?" «Lundi» Friday') // ['poll', 'Best day?', 'Lundi', 'Friday']
 */
export function tokenize(line: string): string[] | undefined {
  const words: string[] = [];
  let i = 0;
  const s = line.trim();
  while (i < s.length) {
    const ch = s[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const close = PAIRS[ch];
    if (close) {
      const end = s.indexOf(close, i + 1);
      if (end < 0) return undefined;
      words.push(s.slice(i + 1, end).trim());
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < s.length && !/\s/.test(s[j]!)) j++;
    words.push(s.slice(i, j));
    i = j;
  }
  return words;
}
