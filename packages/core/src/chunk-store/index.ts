export { ChunkStore, type StoredChunk, type ChunkSource } from './chunk-store';
export { chunkKey } from './chunk-key';
export { codexStoreDir } from './store-dir';
export { remoteCacheFromEnv } from './remote-store';
