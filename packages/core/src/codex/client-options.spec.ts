import { createCodexClient } from './client';
import { CodexError } from './errors';
import { TEST_BINARY } from './testing/client-doubles';
import { runProcess } from './process';

jest.mock('./process', () => jest.requireActual('./testing/client-doubles').processModuleMock());

const runProcessMock = runProcess as jest.MockedFunction<typeof runProcess>;

const BINARY = TEST_BINARY;

const client = () => createCodexClient({ binary: BINARY, workspaceRoot: '/ws' });

async function failure(promise: Promise<unknown>): Promise<CodexError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CodexError);
    return error as CodexError;
  }
  throw new Error('expected a CodexError');
}

beforeEach(() => runProcessMock.mockReset());

describe('createCodexClient: options refused before codex starts', () => {
  it('refuses bad options before starting codex', async () => {
    const c = await client();
    expect((await failure(c.run({ prompt: ' ', cwd: '/ws' }))).kind).toBe('invalid-options');
    expect((await failure(c.run({ prompt: 'p', cwd: '/ws', outputSchema: { type: 'nope' } }))).kind).toBe(
      'invalid-options',
    );
    expect(runProcessMock).not.toHaveBeenCalled();
  });

  it('refuses the removed mcp transport with the reason and the fix, and takes auto as exec', async () => {
    for (const options of [{ transport: 'mcp' as const }, { mcpServer: {} }]) {
      const error = await failure(createCodexClient({ binary: BINARY, workspaceRoot: '/ws', ...options }));
      expect(error.kind).toBe('invalid-options');
      expect(error.message).toContain('which Codex removed in 0.154.0');
      expect(error.message).toContain('Remove the `transport` option (or set it to "exec")');
    }
    const auto = await createCodexClient({ binary: BINARY, workspaceRoot: '/ws', transport: 'auto' });
    expect(auto.transport).toBe('exec');
    expect(runProcessMock).not.toHaveBeenCalled();
  });
});
