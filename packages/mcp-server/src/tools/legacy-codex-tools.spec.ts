import legacy from './legacy-codex-tools.json';
import { codexReplyTool } from './codex-reply';
import { codexTool } from './codex';

/** What tools/list shows of a tool (server.ts lists them so). */
const listed = (tool: typeof codexTool | typeof codexReplyTool) => ({
  name: tool.name,
  title: tool.title,
  description: tool.description,
  inputSchema: tool.inputSchema,
  ...(tool.outputSchema && { outputSchema: tool.outputSchema }),
});

describe('codex and codex-reply', () => {
  it('keep the schemas of the removed `codex mcp-server`, as codex 0.153.4 listed them', () => {
    expect(legacy.serverInfo.version).toBe('0.153.4');
    expect([listed(codexTool), listed(codexReplyTool)]).toEqual(legacy.tools);
  });
});
