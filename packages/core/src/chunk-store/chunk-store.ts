import type { CodexUsage } from '../codex/types';
import { LocalChunkStore } from './local-store';
import { remoteCacheFromEnv, RemoteChunkStore } from './remote-store';

/** What a chunk's result is stored as: the model's raw structured answer, validated again when it is reused. */
export interface StoredChunk {
  version: 1;
  key: string;
  files: string[];
  answer: unknown;
  usage: CodexUsage;
  model: string;
  createdAt: string;
}

export type ChunkSource = 'local' | 'remote';

function parseEntry(text: string | undefined, key: string): StoredChunk | undefined {
  if (text === undefined) return undefined;
  try {
    const entry = JSON.parse(text) as StoredChunk;
    return entry && entry.version === 1 && entry.key === key && Array.isArray(entry.files) ? entry : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Chunk results by content address: the local folder first, then the team's self-hosted Nx cache
 * server when NX_SELF_HOSTED_REMOTE_CACHE_SERVER is set (a remote hit is copied locally). Only a
 * result that passed validation is ever put here (review-chunks.ts), and a stored one is validated
 * again before it is reused, so a bad or tampered entry costs a model call, never a wrong report.
 */
export class ChunkStore {
  private readonly local: LocalChunkStore;
  private readonly remote?: RemoteChunkStore;

  constructor(options: { dir: string; env: Record<string, string | undefined>; warn: (message: string) => void }) {
    this.local = new LocalChunkStore(options.dir);
    const remote = remoteCacheFromEnv(options.env);
    let warned = false;
    const warnOnce = (message: string) => {
      if (!warned) options.warn(message);
      warned = true;
    };
    if (remote) this.remote = new RemoteChunkStore(remote, warnOnce);
  }

  async get(key: string): Promise<{ entry: StoredChunk; source: ChunkSource } | undefined> {
    const local = parseEntry(this.local.read(key), key);
    if (local) return { entry: local, source: 'local' };
    if (!this.remote) return undefined;
    const text = await this.remote.read(key);
    const remote = parseEntry(text, key);
    if (!remote || text === undefined) return undefined;
    this.local.write(key, text);
    return { entry: remote, source: 'remote' };
  }

  async put(entry: StoredChunk): Promise<void> {
    const text = JSON.stringify(entry);
    this.local.write(entry.key, text);
    await this.remote?.write(entry.key, text);
  }
}
