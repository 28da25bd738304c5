/**
 * Why: Teams signs each request to the bot with a JWT whose key the bot fetches from the
 * Bot Framework's OpenID metadata. This stand-in serves that metadata and its JWKS over
 * local HTTP with an RSA key of its own, and signs tokens with it, so tests exercise the
 * valid-token path of botbuilder's real validation and every forgery beside it (HS256,
 * `alg: none`, another RSA key under the same or another `kid`).
 *
 * @example
 * const openid = await startOpenIdStandin();
 * new ConfigurationBotFrameworkAuthentication({ ...settings, ToBotFromChannelOpenIdMetadataUrl: openid.metadataUrl });
 * const token = openid.token({ aud: appId, serviceurl });
 */
import { createHmac, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';

/** The issuer of tokens from Bot Framework channels. */
export const CHANNEL_ISSUER = 'https://api.botframework.com';

/** A running OpenID metadata stand-in. */
export interface OpenIdStandin {
  /** `http://127.0.0.1:PORT/.well-known/openid-configuration`. */
  metadataUrl: string;
  /** The id of the key it publishes. */
  kid: string;
  /** A token signed with the published key (RS256), for `claims` over sane defaults. */
  token(claims: Record<string, unknown>): string;
  /** Forgeries: HS256 with a secret of one's own, `alg: none`, RS256 with another key (same kid, then another). */
  forged(claims: Record<string, unknown>): { name: string; token: string }[];
  stop(): Promise<void>;
}

const b64url = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function rs256(header: object, payload: object, key: KeyObject): string {
  const head = `${b64url(header)}.${b64url(payload)}`;
  return `${head}.${createSign('RSA-SHA256').update(head).sign(key).toString('base64url')}`;
}

/** Starts the stand-in on a free loopback port. */
export async function startOpenIdStandin(): Promise<OpenIdStandin> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const kid = 'standin-key-1';
  const jwk = publicKey.export({ format: 'jwk' });
  const server = createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const body =
      req.url === '/.well-known/openid-configuration'
        ? { issuer: CHANNEL_ISSUER, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }
        : req.url === '/keys'
          ? { keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] }
          : undefined;
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const payload = (claims: Record<string, unknown>) => {
    const now = Math.floor(Date.now() / 1000);
    return { iss: CHANNEL_ISSUER, nbf: now - 60, iat: now - 60, exp: now + 3600, ...claims };
  };
  return {
    metadataUrl: `http://127.0.0.1:${port}/.well-known/openid-configuration`,
    kid,
    token: (claims) => rs256({ alg: 'RS256', typ: 'JWT', kid }, payload(claims), privateKey),
    forged(claims) {
      const body = payload(claims);
      const hsHead = `${b64url({ alg: 'HS256', typ: 'JWT', kid })}.${b64url(body)}`;
      return [
        {
          name: 'HS256 with a secret of its own',
          token: `${hsHead}.${createHmac('sha256', 'attacker-secret').update(hsHead).digest('base64url')}`,
        },
        {
          name: 'HS256 keyed with the published public key',
          token: (() => {
            const head = `${b64url({ alg: 'HS256', typ: 'JWT', kid })}.${b64url(body)}`;
            return `${head}.${createHmac('sha256', publicKey.export({ type: 'spki', format: 'pem' }))
              .update(head)
              .digest('base64url')}`;
          })(),
        },
        { name: 'alg none', token: `${b64url({ alg: 'none', typ: 'JWT', kid })}.${b64url(body)}.` },
        {
          name: 'RS256 with its own key under the published kid',
          token: rs256({ alg: 'RS256', typ: 'JWT', kid }, body, attacker),
        },
        {
          name: 'RS256 with its own key under another kid',
          token: rs256({ alg: 'RS256', typ: 'JWT', kid: 'attacker-key' }, body, attacker),
        },
      ];
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
