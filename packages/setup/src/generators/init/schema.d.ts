export interface InitGeneratorSchema {
  /** Register the inference plugins in nx.json. Default: true unless NX_ADD_PLUGINS=false or nx.json has "useInferencePlugins": false. */
  addPlugin?: boolean;
  /** Also register the nx-codex MCP server for Claude Code in .mcp.json. */
  mcp?: boolean;
  /** Don't add the nx-codex-review agent skill under .agents/skills. */
  skipAgentSkill?: boolean;
  skipPackageJson?: boolean;
  skipInstall?: boolean;
  /** Leave versions already in package.json alone (`nx add` passes this). */
  keepExistingVersions?: boolean;
  skipFormat?: boolean;
}
