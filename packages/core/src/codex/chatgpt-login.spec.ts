import { spawn } from 'node:child_process';
import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configFixture, type ConfigFixture } from '../config/testing/config-fixture';
import { chatgptLoginCiNotice, LOCK_FILE, refreshDue, REFRESH_MARGIN_MS, withRefreshLock } from './chatgpt-login';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const jwt = (claims: object) =>
  `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
const chatgpt = (accessToken: string, lastRefresh = new Date(NOW).toISOString()) => ({
  OPENAI_API_KEY: null,
  tokens: {
    id_token: jwt({ email: 'a@example.invalid' }),
    access_token: accessToken,
    refresh_token: 'rt-0',
    account_id: 'acct',
  },
  last_refresh: lastRefresh,
});
const expiringAt = (ms: number) => jwt({ exp: Math.floor(ms / 1000) });

describe('refreshDue (when codex 0.169 refreshes a ChatGPT login by itself)', () => {
  it.each([
    ['an expired access token', chatgpt(expiringAt(NOW - 1000)), true],
    ['an access token expiring within the margin', chatgpt(expiringAt(NOW + REFRESH_MARGIN_MS - 1000)), true],
    ['a fresh access token, whatever last_refresh says', chatgpt(expiringAt(NOW + DAY), '2020-01-01T00:00:00Z'), false],
    [
      'no readable expiry and last_refresh 9 days ago',
      chatgpt('opaque-token', new Date(NOW - 9 * DAY).toISOString()),
      true,
    ],
    [
      'no readable expiry and last_refresh 1 day ago',
      chatgpt('opaque-token', new Date(NOW - DAY).toISOString()),
      false,
    ],
    ['auth_mode "chatgpt" with an expired token', { ...chatgpt(expiringAt(NOW - 1000)), auth_mode: 'chatgpt' }, true],
    ['an API key login (codex login --with-api-key)', { auth_mode: 'apikey', OPENAI_API_KEY: 'sk-x' }, false],
    [
      'an API key beside expired tokens, no auth_mode (codex takes the key)',
      { ...chatgpt(expiringAt(NOW - 1000)), OPENAI_API_KEY: 'sk-x' },
      false,
    ],
    [
      'tokens handed in by a host app (chatgptAuthTokens: it refreshes them)',
      { ...chatgpt(expiringAt(NOW - 1000)), auth_mode: 'chatgptAuthTokens' },
      false,
    ],
    ['no auth.json', undefined, false],
  ])('%s', (_name, auth, due) => {
    expect(refreshDue(auth as Parameters<typeof refreshDue>[0], NOW)).toBe(due);
  });
});

describe('withRefreshLock', () => {
  let fx: ConfigFixture;
  beforeEach(() => (fx = configFixture()));
  afterEach(() => fx.cleanup());
  const writeAuth = (value: object) => writeFileSync(path.join(fx.home, 'auth.json'), JSON.stringify(value));
  const stale = () => writeAuth(chatgpt(expiringAt(Date.now() - 60_000)));
  const fresh = () => writeAuth(chatgpt(expiringAt(Date.now() + DAY)));
  const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** A "codex" that refreshes the login after `refreshAfterMs` (or never), then runs on; logs its start and end. */
  function fakeStart(log: string[], name: string, refreshAfterMs: number | undefined, runMs: number) {
    return async () => {
      log.push(`start ${name}`);
      if (refreshAfterMs !== undefined) {
        await delay(refreshAfterMs);
        fresh();
      }
      await delay(runMs);
      log.push(`end ${name}`);
      return name;
    };
  }

  it('while the login is stale, one start runs until it has refreshed; the others then run together, unlocked', async () => {
    stale();
    const log: string[] = [];
    const results = await Promise.all(
      ['a', 'b', 'c'].map((name) => withRefreshLock(fx.home, fakeStart(log, name, 150, 300), { pollMs: 20 })),
    );
    expect(results).toEqual(['a', 'b', 'c']);
    // One start alone first; the two others start after its refresh, before it ends (the lock went with the refresh).
    expect(log[0]).toMatch(/^start /);
    expect(log.slice(1, 3).every((entry) => entry.startsWith('start '))).toBe(true);
    expect(log.slice(3).every((entry) => entry.startsWith('end '))).toBe(true);
    expect(existsSync(path.join(fx.home, LOCK_FILE))).toBe(false);
  });

  it('a start that does not refresh (it failed) keeps the lock to its end; the next one tries in turn', async () => {
    stale();
    const log: string[] = [];
    await Promise.all(
      ['a', 'b'].map((name) => withRefreshLock(fx.home, fakeStart(log, name, undefined, 100), { pollMs: 20 })),
    );
    expect(log).toEqual([
      expect.stringMatching(/^start (a|b)$/),
      expect.stringMatching(/^end (a|b)$/),
      expect.stringMatching(/^start (a|b)$/),
      expect.stringMatching(/^end (a|b)$/),
    ]);
    expect(log[0].slice(6)).toBe(log[1].slice(4));
  });

  it.each([
    ['a fresh login', () => writeAuth(chatgpt(expiringAt(Date.now() + DAY)))],
    ['an API key login', () => writeAuth({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-x' })],
    ['no login file', () => undefined],
  ])('%s: starts run in parallel, no lock file', async (_name, setup) => {
    setup();
    const log: string[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        withRefreshLock(
          fx.home,
          async () => {
            log.push(`start ${name}`);
            expect(existsSync(path.join(fx.home, LOCK_FILE))).toBe(false);
            await delay(100);
            log.push(`end ${name}`);
          },
          { pollMs: 20 },
        ),
      ),
    );
    expect(log.slice(0, 3).every((entry) => entry.startsWith('start '))).toBe(true);
  });

  it('takes over a lock whose holder died', async () => {
    stale();
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => dead.once('exit', resolve));
    writeFileSync(
      path.join(fx.home, LOCK_FILE),
      JSON.stringify({ pid: dead.pid, host: os.hostname(), since: Date.now(), id: 'dead' }),
    );
    await expect(withRefreshLock(fx.home, async () => 'ran', { pollMs: 20 })).resolves.toBe('ran');
    expect(existsSync(path.join(fx.home, LOCK_FILE))).toBe(false);
  });

  it('takes over a lock left empty (its holder died between creating and filling it)', async () => {
    stale();
    const file = path.join(fx.home, LOCK_FILE);
    writeFileSync(file, '');
    const old = new Date(Date.now() - 5000);
    utimesSync(file, old, old);
    await expect(withRefreshLock(fx.home, async () => 'ran', { pollMs: 20 })).resolves.toBe('ran');
  });

  it('stops waiting when the call is aborted', async () => {
    stale();
    writeFileSync(
      path.join(fx.home, LOCK_FILE),
      JSON.stringify({ pid: process.pid, host: os.hostname(), since: Date.now(), id: 'held' }),
    );
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);
    await expect(
      withRefreshLock(fx.home, async () => 'ran', { pollMs: 20, signal: abort.signal }),
    ).rejects.toMatchObject({ kind: 'cancelled' });
  });
});

describe('chatgptLoginCiNotice', () => {
  let fx: ConfigFixture;
  beforeEach(() => (fx = configFixture()));
  afterEach(() => fx.cleanup());

  it('on CI with a ChatGPT login: once per CODEX_HOME, recommending an API key', () => {
    writeFileSync(path.join(fx.home, 'auth.json'), JSON.stringify(chatgpt(expiringAt(Date.now() + DAY))));
    const notice = chatgptLoginCiNotice(fx.home, { CI: 'true' });
    expect(notice).toContain(`Codex is logged in with ChatGPT in ${path.join(fx.home, 'auth.json')} on CI`);
    expect(notice).toContain('printenv OPENAI_API_KEY | codex login --with-api-key');
    expect(chatgptLoginCiNotice(fx.home, { CI: 'true' })).toBeUndefined();
  });

  it('nothing off CI, nor with an API key login', () => {
    writeFileSync(path.join(fx.home, 'auth.json'), JSON.stringify(chatgpt(expiringAt(Date.now() + DAY))));
    expect(chatgptLoginCiNotice(fx.home, {})).toBeUndefined();
    expect(chatgptLoginCiNotice(fx.home, { CI: 'false' })).toBeUndefined();
    writeFileSync(path.join(fx.home, 'auth.json'), JSON.stringify({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-x' }));
    expect(chatgptLoginCiNotice(fx.home, { GITHUB_ACTIONS: 'true' })).toBeUndefined();
  });
});
