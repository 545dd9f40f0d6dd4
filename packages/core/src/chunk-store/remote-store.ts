/** How long one GET or PUT may take before the chunk is treated as not shared (the review goes on). */
const REMOTE_TIMEOUT_MS = 10_000;

export interface RemoteCacheSettings {
  url: string;
  token?: string;
}

/** Nx's self-hosted remote cache, when the environment configures one (the same variables Nx reads). */
export function remoteCacheFromEnv(env: Record<string, string | undefined>): RemoteCacheSettings | undefined {
  const url = env.NX_SELF_HOSTED_REMOTE_CACHE_SERVER?.trim();
  if (!url) return undefined;
  return { url: url.replace(/\/+$/, ''), token: env.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN || undefined };
}

/**
 * Chunk results in the team's Nx cache server, with Nx's own protocol: GET/PUT /v1/cache/{hash},
 * bearer token, 409 when the hash is already there. A server that is down or refuses a write costs
 * a warning, never the review.
 */
export class RemoteChunkStore {
  constructor(
    private readonly settings: RemoteCacheSettings,
    private readonly warn: (message: string) => void,
  ) {}

  private request(key: string, init: RequestInit): Promise<Response> {
    const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
    if (this.settings.token) headers.authorization = `Bearer ${this.settings.token}`;
    return fetch(`${this.settings.url}/v1/cache/${key}`, {
      ...init,
      headers,
      signal: AbortSignal.timeout(REMOTE_TIMEOUT_MS),
    });
  }

  async read(key: string): Promise<string | undefined> {
    try {
      const response = await this.request(key, { method: 'GET' });
      if (response.status === 404) return undefined;
      if (!response.ok) {
        this.warn(
          `remote cache: GET of chunk ${key.slice(0, 12)} answered HTTP ${response.status}; the chunk is reviewed here`,
        );
        return undefined;
      }
      return await response.text();
    } catch (error) {
      this.warn(
        `remote cache ${this.settings.url} unreachable (${(error as Error).message}); chunks are reviewed here`,
      );
      return undefined;
    }
  }

  async write(key: string, text: string): Promise<void> {
    try {
      const response = await this.request(key, {
        method: 'PUT',
        body: text,
        headers: { 'content-type': 'application/octet-stream' },
      });
      if (!response.ok && response.status !== 409)
        this.warn(
          `remote cache: PUT of chunk ${key.slice(0, 12)} answered HTTP ${response.status} (a read-only token?); kept locally only`,
        );
    } catch (error) {
      this.warn(`remote cache ${this.settings.url} unreachable (${(error as Error).message}); chunk kept locally only`);
    }
  }
}
