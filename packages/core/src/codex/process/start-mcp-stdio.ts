import type { DetachedStdioTransport, McpServerProcess } from './mcp-stdio-transport';

/**
 * A not yet started stdio transport to an MCP server. Loaded on demand: the MCP SDK (and zod)
 * cost ~90 ms at require time, which callers of the exec transport should not pay.
 */
export async function startMcpStdioTransport(server: McpServerProcess): Promise<DetachedStdioTransport> {
  const { DetachedStdioTransport: Transport } = await import('./mcp-stdio-transport');
  return new Transport(server);
}
