import { scanForSecrets, type SecretHit, type SecretScanOptions } from '../secrets';
import {
  joinContextSources,
  readContextSources,
  type AssembleContextOptions,
  type AssembledContext,
} from './assemble-context';

export interface RedactedContext extends AssembledContext {
  /** Secrets found in the context files (lines of those files), already replaced in `text`. */
  secrets: SecretHit[];
}

/**
 * The context as assembleContext gives it, each file scanned for secrets first (before joining,
 * so a finding cites the context file's own line and truncation cannot split a secret in two).
 */
export async function assembleRedactedContext(
  options: AssembleContextOptions & { secrets?: SecretScanOptions },
): Promise<RedactedContext> {
  const sources = readContextSources(options);
  const scan = await scanForSecrets(
    sources.map((source) => ({ path: source.file, content: source.body })),
    options.secrets,
  );
  const redacted = scan.files.map((file) => ({ file: file.path, body: file.content }));
  return { ...joinContextSources(redacted, options.maxBytes), secrets: scan.hits };
}
