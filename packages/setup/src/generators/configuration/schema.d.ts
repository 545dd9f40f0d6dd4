export type CodexTargetName = 'codex-review' | 'codex-generate-tests';

export interface ConfigurationGeneratorSchema {
  /** The project to add the targets to. */
  project: string;
  /** Which targets to add. Default: both. */
  targets?: CodexTargetName[];
  /** Replace targets that already exist with the same names. */
  force?: boolean;
  skipFormat?: boolean;
}
