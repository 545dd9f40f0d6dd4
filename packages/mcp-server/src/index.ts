export { createNxCodexServer, TOOLS, type NxCodexServer, type NxCodexServerOptions } from './server';
export { main, parseCliArgs, USAGE, type CliOptions } from './main';
export type { ToolSpec, ToolContext, ToolResult } from './tool';
