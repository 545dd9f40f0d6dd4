/** The only place that starts processes. Unit tests replace this module with jest.mock. */
export { runLines } from './run-lines';
export type { RunLinesOptions, RunLinesResult, StopReason } from './run-lines';
export { captureOutputSync } from './run-capture';
export type { CaptureResult } from './run-capture';
export type { DetachedStdioTransport, McpServerProcess } from './mcp-stdio-transport';
export { startMcpStdioTransport } from './start-mcp-stdio';
export { DEFAULT_KILL_GRACE_MS, runningGroupCount, terminateGroup } from './process-groups';
