export { selectFiles } from './select-files';
export type { FileScope, FileSelection, SelectFilesOptions } from './select-files';
export type { SelectedFile } from './inspect-file';
export { countTokens, encodingForModel } from './count-tokens';
export type { EncodingName } from './count-tokens';
export { planChunks, estimateFileTokens, FILE_FRAME_TOKENS } from './plan-chunks';
export type { Chunk, ChunkableFile, ChunkPlan, PlanChunksOptions } from './plan-chunks';
export { GitError } from './git';
