/**
 * Parallel codex processes that share one ChatGPT login must not refresh its tokens at once.
 *
 * What codex 0.169 does (openai/codex codex-rs/login/src/auth/manager.rs, and measured here against
 * a local token server through CODEX_REFRESH_TOKEN_URL_OVERRIDE): a ChatGPT login in
 * $CODEX_HOME/auth.json is refreshed by each codex process on its own, as soon as the access token's
 * JWT `exp` has passed (or, with no readable `exp`, when `last_refresh` is over 8 days old), and after
 * a 401. Refresh tokens are single-use and rotate; codex serialises refreshes inside one process
 * only. Six `codex exec` started together on a stale auth.json sent the same refresh token three
 * times; the auth server rejects the repeats ("refresh_token_reused") and the user must log in again.
 * CODEX_API_KEY in the environment does not stop that refresh (measured); an API key in auth.json
 * (`codex login --with-api-key`) has nothing to refresh.
 *
 * So while auth.json holds a ChatGPT login that is due for refresh (or will be within
 * REFRESH_MARGIN_MS), every codex start takes a lock file in CODEX_HOME and keeps it until auth.json
 * no longer needs a refresh (the codex it started has refreshed it) or that codex ends. The others
 * wait, re-read auth.json, and start without the lock once it is fresh. Fresh logins and API keys
 * never wait.
 */
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { abortableSleep } from './retry';

/** Codex's TOKEN_REFRESH_INTERVAL: a login without a readable expiry is refreshed after 8 days. */
const REFRESH_INTERVAL_MS = 8 * 24 * 60 * 60 * 1000;
/** Also lock shortly before the expiry: a codex that starts now may cross it while it runs. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** A lock older than this is left over (its holder hung or died on another host). */
const ABANDONED_LOCK_MS = 30 * 60 * 1000;
const UNFILLED_LOCK_MS = 1000;
const POLL_MS = 100;
export const LOCK_FILE = '.nx-codex-auth-refresh.lock';
const CI_NOTICE_FILE = '.nx-codex-chatgpt-ci-notice';

interface AuthJson {
  auth_mode?: string;
  OPENAI_API_KEY?: string | null;
  tokens?: { access_token?: string; refresh_token?: string };
  last_refresh?: string;
}

function readAuth(codexHome: string): AuthJson | undefined {
  try {
    const value = JSON.parse(readFileSync(path.join(codexHome, 'auth.json'), 'utf8'));
    return value && typeof value === 'object' ? (value as AuthJson) : undefined;
  } catch {
    return undefined;
  }
}

/** A login codex refreshes from auth.json itself: ChatGPT mode (codex's resolved_mode) with a refresh token. */
function isManagedChatgptLogin(auth: AuthJson | undefined): auth is AuthJson & { tokens: { refresh_token: string } } {
  if (!auth?.tokens?.refresh_token) return false;
  if (auth.auth_mode !== undefined) return auth.auth_mode === 'chatgpt';
  return !auth.OPENAI_API_KEY;
}

function jwtExpiryMs(token: string | undefined): number | undefined {
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const exp = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** True when codex would refresh this login now, or within REFRESH_MARGIN_MS. */
export function refreshDue(auth: AuthJson | undefined, now = Date.now()): boolean {
  if (!isManagedChatgptLogin(auth)) return false;
  const expiry = jwtExpiryMs(auth.tokens.access_token);
  if (expiry !== undefined) return expiry - REFRESH_MARGIN_MS <= now;
  const lastRefresh = auth.last_refresh ? Date.parse(auth.last_refresh) : NaN;
  return !Number.isNaN(lastRefresh) && lastRefresh + REFRESH_INTERVAL_MS - REFRESH_MARGIN_MS <= now;
}

export function loginRefreshDue(codexHome: string, now = Date.now()): boolean {
  return refreshDue(readAuth(codexHome), now);
}

interface LockOwner {
  pid: number;
  host: string;
  since: number;
  id: string;
}

function readOwner(file: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

function removeFile(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function modifiedMs(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Removes a lock whose holder died (same host), that is older than ABANDONED_LOCK_MS, or that its holder never got to fill. */
function clearAbandoned(file: string, now: number): void {
  const owner = readOwner(file);
  if (!owner) {
    // Written within microseconds of its creation: one still empty after a second lost its holder.
    const modified = modifiedMs(file);
    if (
      modified !== undefined &&
      now - modified > UNFILLED_LOCK_MS &&
      modifiedMs(file) === modified &&
      !readOwner(file)
    )
      removeFile(file);
    return;
  }
  const abandoned = (owner.host === os.hostname() && processGone(owner.pid)) || now - owner.since > ABANDONED_LOCK_MS;
  // Re-read just before removing: the lock may have changed hands meanwhile.
  if (abandoned && readOwner(file)?.id === owner.id) removeFile(file);
}

/** The lock, or undefined when it is held by someone else; throws when CODEX_HOME cannot hold it. */
function tryLock(file: string): LockOwner | undefined {
  const owner: LockOwner = {
    pid: process.pid,
    host: os.hostname(),
    since: Date.now(),
    id: `${process.pid}-${Math.random().toString(36).slice(2)}`,
  };
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(owner));
  } finally {
    closeSync(fd);
  }
  return owner;
}

function unlock(file: string, owner: LockOwner): void {
  if (readOwner(file)?.id === owner.id) removeFile(file);
}

export interface RefreshLockOptions {
  signal?: AbortSignal;
  pollMs?: number;
  now?: () => number;
}

/**
 * Runs `start` (which starts codex and resolves when that codex is done). While the ChatGPT login
 * in `codexHome` is due for refresh, only one `start` at a time (across processes) runs until the
 * login is fresh again; see the top of this file.
 */
export async function withRefreshLock<T>(
  codexHome: string,
  start: () => Promise<T>,
  options: RefreshLockOptions = {},
): Promise<T> {
  const pollMs = options.pollMs ?? POLL_MS;
  const now = options.now ?? Date.now;
  const file = path.join(codexHome, LOCK_FILE);
  let owner: LockOwner | undefined;
  while (loginRefreshDue(codexHome, now())) {
    try {
      owner = tryLock(file);
    } catch {
      break; // CODEX_HOME is read-only or missing: run unguarded, as codex itself would.
    }
    if (owner) break;
    clearAbandoned(file, now());
    await abortableSleep(pollMs, options.signal);
  }
  if (!owner) return start();

  const held = owner;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    clearInterval(watch);
    unlock(file, held);
  };
  // The codex we start refreshes the login early in its run: let the others go as soon as it has.
  const watch = setInterval(() => {
    if (!loginRefreshDue(codexHome, now())) release();
  }, pollMs);
  watch.unref();
  try {
    return await start();
  } finally {
    release();
  }
}

/**
 * The one-time CI notice: a ChatGPT login in CI (CI=true, GITHUB_ACTIONS...) is fragile, since each
 * refresh rotates the refresh token and the copy stored as a CI secret goes stale. Shown once per
 * CODEX_HOME (a marker file there); undefined otherwise.
 */
export function chatgptLoginCiNotice(codexHome: string, env: Record<string, string | undefined>): string | undefined {
  const inCi = ['CI', 'GITHUB_ACTIONS', 'GITLAB_CI', 'BUILDKITE', 'JENKINS_URL'].some(
    (name) => env[name] && env[name] !== 'false' && env[name] !== '0',
  );
  if (!inCi || !isManagedChatgptLogin(readAuth(codexHome))) return undefined;
  try {
    closeSync(openSync(path.join(codexHome, CI_NOTICE_FILE), 'wx'));
  } catch {
    return undefined; // already shown for this CODEX_HOME (or it cannot be marked: stay quiet)
  }
  return (
    `Codex is logged in with ChatGPT in ${path.join(codexHome, 'auth.json')} on CI. Each token refresh makes the stored refresh token unusable, ` +
    'so a copy kept as a CI secret stops working and parallel jobs can log each other out. Use an API key in CI instead, with no ChatGPT auth.json in ' +
    'that CODEX_HOME: set CODEX_API_KEY (codex exec does not read OPENAI_API_KEY), or run `printenv OPENAI_API_KEY | codex login --with-api-key`. ' +
    '(nx-codex serialises token refreshes within this machine; shown once per CODEX_HOME.)'
  );
}
