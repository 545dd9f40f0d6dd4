import { z } from 'zod/v4';
import { chooseSandbox } from '../sandbox';
import { userCodexSettings } from '../settings';
import { defineTool, ToolError, type JsonObjectSchema } from '../tool';
import { CODEX_OUTPUT_SCHEMA, codexToolResult } from './codex-output';

/** The input schema of the legacy `codex mcp-server` (0.153.4) `codex-reply` tool, verbatim. */
const LEGACY_CODEX_REPLY_INPUT: JsonObjectSchema = {
  type: 'object',
  properties: {
    conversationId: { description: 'DEPRECATED: use threadId instead.', type: 'string' },
    prompt: { description: 'The *next user prompt* to continue the Codex conversation.', type: 'string' },
    threadId: {
      description:
        'The thread id for this Codex session. This field is required, but we keep it optional here for backward compatibility for clients that still use conversationId.',
      type: 'string',
    },
  },
  required: ['prompt'],
};

// The legacy schema allows extra properties here (no additionalProperties: false): so do we.
const codexReplyArgs = z.object({
  prompt: z.string(),
  threadId: z.string().optional(),
  conversationId: z.string().optional(),
});

export const codexReplyTool = defineTool({
  name: 'codex-reply',
  title: 'Codex Reply',
  description: 'Continue a Codex conversation by providing the thread id and prompt.',
  inputSchema: LEGACY_CODEX_REPLY_INPUT,
  outputSchema: CODEX_OUTPUT_SCHEMA,
  args: codexReplyArgs,
  async run(args, ctx) {
    const threadId = args.threadId ?? args.conversationId;
    if (!threadId) {
      throw new ToolError(
        'Invalid arguments for tool "codex-reply": give "threadId" (the threadId a "codex" call returned); "conversationId" is accepted as its old name.',
      );
    }
    // A thread this server did not start (or started before a restart) continues with the defaults.
    const settings = ctx.codex.recall(threadId) ?? defaultThreadSettings(ctx.workspaceRoot);
    const result = await ctx.codex.run({ prompt: args.prompt, ...settings, resumeThreadId: threadId }, ctx);
    ctx.codex.remember(result.threadId ?? threadId, settings);
    return codexToolResult({ ...result, threadId: result.threadId ?? threadId });
  },
});

function defaultThreadSettings(workspaceRoot: string) {
  const user = userCodexSettings(workspaceRoot);
  return {
    cwd: workspaceRoot,
    sandbox: chooseSandbox({ userDefault: user.sandbox, allowDanger: false }).sandbox,
    passEnv: user.passEnv,
    codexHome: user.codexHome,
  };
}
