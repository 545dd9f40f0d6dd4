export { assembleContext, CONTEXT_FILE, DEFAULT_CONTEXT_MAX_BYTES } from './assemble-context';
export type { AssembleContextOptions, AssembledContext } from './assemble-context';
export { stripContextTemplate } from './strip-template';
export { assembleRedactedContext } from './assemble-redacted-context';
export type { RedactedContext } from './assemble-redacted-context';
