export interface McpGeneratorSchema {
  /** The server's key under "mcpServers". Default: "nx-codex". */
  name?: string;
  /** Replace an existing entry with the same name. */
  force?: boolean;
  /** Don't register the server for the Codex CLI in .codex/config.toml (only .mcp.json). */
  skipCodexConfig?: boolean;
  /** Don't add @nx-codex/mcp-server to devDependencies. */
  skipPackageJson?: boolean;
  /** Don't run the package manager's install after changing package.json. */
  skipInstall?: boolean;
  skipFormat?: boolean;
}
