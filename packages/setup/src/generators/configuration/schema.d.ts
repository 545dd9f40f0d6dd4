export type CodexTargetName = 'codex-review' | 'codex-generate-tests';

export interface ConfigurationGeneratorSchema {
  /** The project to add the targets to. */
  project: string;
  /** Which targets to add. Default: both. */
  targets?: CodexTargetName[];
  /** codex-review: review the whole project (default) or only what changed against the base. */
  scope?: 'project' | 'changes';
  /** codex-review with scope changes: a fixed base ref (default: NX_BASE, else nx.json defaultBase, else the default branch). */
  changesBase?: string;
  /** Replace targets that already exist with the same names. */
  force?: boolean;
  skipFormat?: boolean;
}
