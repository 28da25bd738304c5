/**
 * Keeps passwords out of logs: a store URL is only ever shown through these helpers.
 */

/** The URL with its password (and any `password=` query value) replaced by `***`. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(/\/\/([^@/]*)@/, '//***@');
  }
  if (parsed.password) parsed.password = '***';
  if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
  return parsed.toString();
}

/** A function that removes the URL's secrets (raw and percent-decoded) from any text. */
export function secretScrubber(url: string): (text: string) => string {
  const secrets = new Set<string>();
  try {
    const parsed = new URL(url);
    for (const s of [parsed.password, parsed.searchParams.get('password') ?? '']) {
      if (s) {
        secrets.add(s);
        secrets.add(safeDecode(s));
      }
    }
  } catch {
    const m = /\/\/[^:/@]*:([^@/]*)@/.exec(url);
    if (m?.[1]) secrets.add(m[1]);
  }
  const list = [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  return (text) => list.reduce((acc, s) => acc.split(s).join('***'), text);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
