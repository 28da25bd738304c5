/**
 * Why: a URL setting may carry credentials (`https://user:pass@proxy.example/api/`), and
 * libraries quote URLs whole in their error messages. What readiness, logs and messages may
 * show of a URL is its origin; any text about to be shown has `user:pass@` cut out.
 */

/** Credentials in URLs inside any text: `scheme://` followed by `user[:pass]@`. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;

/**
 * `text` with every `scheme://user:pass@` shortened to `scheme://`.
 *
 * @example
 * stripUrlCredentials('failed: http://u:p@host/api') // 'failed: http://host/api'
 */
export function stripUrlCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1');
}

/**
 * The scheme, host and port of `url`, without credentials or path.
 *
 * @example
 * originOf('https://user:pass@proxy.example/api/') // 'https://proxy.example'
 */
export function originOf(url: string): string {
  return URL.canParse(url) ? new URL(url).origin : '(not a valid URL)';
}

/** The user name and password inside `url`, as written and decoded, to scrub from logs. */
export function urlCredentials(url: string | undefined): string[] {
  if (!url || !URL.canParse(url)) return [];
  const { username, password } = new URL(url);
  const decoded = (part: string): string => {
    try {
      return decodeURIComponent(part);
    } catch (err) {
      if (err instanceof URIError) return part;
      throw err;
    }
  };
  return [username, password, decoded(username), decoded(password)].filter(Boolean);
}
