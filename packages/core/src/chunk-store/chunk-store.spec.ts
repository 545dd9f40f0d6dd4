import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chunkKey } from './chunk-key';
import { ChunkStore, type StoredChunk } from './chunk-store';
import { startRemoteCache } from '@nx-codex/testing';

const entry = (key: string): StoredChunk => ({
  version: 1,
  key,
  files: ['libs/a/src/x.ts'],
  answer: {
    findings: [],
    overall_correctness: 'patch is correct',
    overall_explanation: 'ok',
    overall_confidence_score: 1,
  },
  usage: { inputTokens: 10, cachedInputTokens: 0, outputTokens: 5, reasoningOutputTokens: 0 },
  model: 'gpt-5.5',
  createdAt: '2026-11-29T00:00:00.000Z',
});

let dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'nx-codex-chunks-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  dirs = [];
});

describe('chunkKey', () => {
  it('changes with the prompt, the settings or the -c table, and only with them', () => {
    const key = chunkKey({ settingsFingerprint: 'f1', codexConfig: '{}', prompt: 'p' });
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(chunkKey({ settingsFingerprint: 'f1', codexConfig: '{}', prompt: 'p' })).toBe(key);
    expect(chunkKey({ settingsFingerprint: 'f2', codexConfig: '{}', prompt: 'p' })).not.toBe(key);
    expect(chunkKey({ settingsFingerprint: 'f1', codexConfig: '{"features.shell_tool":true}', prompt: 'p' })).not.toBe(
      key,
    );
    expect(chunkKey({ settingsFingerprint: 'f1', codexConfig: '{}', prompt: 'p ' })).not.toBe(key);
  });
});

describe('ChunkStore', () => {
  it('keeps results in its folder and ignores an entry that is not one', async () => {
    const dir = tempDir();
    const store = new ChunkStore({ dir, env: {}, warn: () => undefined });
    expect(await store.get('a'.repeat(64))).toBeUndefined();
    await store.put(entry('a'.repeat(64)));
    expect(await store.get('a'.repeat(64))).toEqual({ entry: entry('a'.repeat(64)), source: 'local' });
    writeFileSync(join(dir, 'chunks', `${'b'.repeat(64)}.json`), '{"version":1,"key":"someone else"}');
    writeFileSync(join(dir, 'chunks', `${'c'.repeat(64)}.json`), 'not json');
    expect(await store.get('b'.repeat(64))).toBeUndefined();
    expect(await store.get('c'.repeat(64))).toBeUndefined();
    expect(readdirSync(join(dir, 'chunks')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('shares results through the self-hosted Nx cache server: a clean copy gets them from there and keeps a local copy', async () => {
    const cache = await startRemoteCache();
    try {
      const first = new ChunkStore({
        dir: tempDir(),
        env: cache.env,
        warn: (message) => {
          throw new Error(message);
        },
      });
      await first.put(entry('d'.repeat(64)));
      await first.put(entry('d'.repeat(64))); // the second PUT of a hash gets 409: not a problem
      const cleanDir = tempDir();
      const clean = new ChunkStore({
        dir: cleanDir,
        env: cache.env,
        warn: (message) => {
          throw new Error(message);
        },
      });
      expect(await clean.get('d'.repeat(64))).toEqual({ entry: entry('d'.repeat(64)), source: 'remote' });
      expect(await clean.get('d'.repeat(64))).toMatchObject({ source: 'local' });
      expect(await clean.get('e'.repeat(64))).toBeUndefined();
      expect(await cache.stats()).toMatchObject({ put: 1, hit: 1 });
    } finally {
      await cache.stop();
    }
  });

  it('a refused token or a server that is down costs one warning, never the review', async () => {
    const cache = await startRemoteCache();
    const warnings: string[] = [];
    try {
      const store = new ChunkStore({
        dir: tempDir(),
        env: { ...cache.env, NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: 'wrong' },
        warn: (message) => warnings.push(message),
      });
      expect(await store.get('f'.repeat(64))).toBeUndefined();
      await store.put(entry('f'.repeat(64)));
      expect(await store.get('f'.repeat(64))).toMatchObject({ source: 'local' });
      expect(warnings).toEqual([expect.stringMatching(/HTTP 403/)]);
    } finally {
      await cache.stop();
    }
    const down = new ChunkStore({
      dir: tempDir(),
      env: { NX_SELF_HOSTED_REMOTE_CACHE_SERVER: cache.url },
      warn: (message) => warnings.push(message),
    });
    expect(await down.get('0'.repeat(64))).toBeUndefined();
    expect(warnings[1]).toMatch(/unreachable/);
  });
});
