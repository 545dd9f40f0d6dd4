export interface ContextGeneratorSchema {
  /** Write `<projectRoot>/.codex/context.md` for this project instead of the workspace's. */
  project?: string;
  /** Replace an existing context file. */
  force?: boolean;
  skipFormat?: boolean;
}
