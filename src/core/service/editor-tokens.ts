/**
 * Editor links: 32 random bytes (43 base64url characters) that make whoever holds them the
 * organizer who asked, in that workspace, for a while. Only the SHA-256 of a token is stored,
 * so reading the store never gives a working link; each use slides the idle limit, and the
 * link dies 8 hours after it was issued whatever happens.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Platform } from '../engine/run.js';
import type { Lang } from '../plan/plan.js';
import type { Clock, Store } from '../ports.js';

/** Whom a link was issued to, and for what. */
export interface EditorGrant {
  user: { id: string; name: string; email?: string };
  platform: Platform;
  workspace: string;
  /** The plan `edit` opened; absent for `new`. */
  planId?: string;
  /** The asker's language when the link was issued (the page's first language). */
  lang: Lang;
  /** True when the asker was an organizer through a platform role (admin, owner) at issue. */
  viaRole: boolean;
  issuedAt: number;
  usedAt: number;
}

/** What a presented token is. */
export type TokenCheck = { ok: true; grant: EditorGrant } | { ok: false; status: 404 | 410 };

/** A token's exact shape: anything else is refused without a store read. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The longest a link lives after it was issued, whatever its use. */
export const EDITOR_MAX_MS = 8 * 3_600_000;

/** How long an expired link is still recognized (410 rather than 404). */
const REMEMBERED_MS = 24 * 3_600_000;

/** Issues and checks editor links. */
export class EditorTokens {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    /** ROUNDTABLE_EDITOR_IDLE. */
    private readonly idleMs: number,
  ) {}

  /** A new token for `grant` (the token itself is returned once and never stored). */
  async issue(grant: Omit<EditorGrant, 'issuedAt' | 'usedAt'>): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await this.store.setValue(keyOf(token), { ...grant, issuedAt: now, usedAt: now }, EDITOR_MAX_MS + REMEMBERED_MS);
    return token;
  }

  /** Checks `token` and, when it is valid, counts this request as activity. */
  async use(token: string): Promise<TokenCheck> {
    if (!TOKEN_PATTERN.test(token)) return { ok: false, status: 404 };
    const grant = await this.store.getValue<EditorGrant>(keyOf(token));
    if (!grant) return { ok: false, status: 404 };
    const now = this.clock.now();
    if (now - grant.usedAt > this.idleMs || now - grant.issuedAt > EDITOR_MAX_MS) return { ok: false, status: 410 };
    const used = { ...grant, usedAt: now };
    await this.store.setValue(keyOf(token), used, Math.max(1, grant.issuedAt + EDITOR_MAX_MS + REMEMBERED_MS - now));
    return { ok: true, grant: used };
  }
}

function keyOf(token: string): string {
  return `editor-token:${createHash('sha256').update(token).digest('base64url')}`;
}
