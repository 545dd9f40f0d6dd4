/** Test doubles for the client's specs: a found codex, and the process module replaced at its boundary. */
import type { CodexBinary } from '../types';

export const TEST_BINARY: CodexBinary = {
  path: '/opt/codex',
  version: '0.169.0',
  source: 'option',
  abilities: { outputSchema: true, execResume: true },
};

/** For `jest.mock('./process', …)`: the real group and temp-dir helpers, no process ever started. */
export function processModuleMock(): Record<string, unknown> {
  return {
    ...jest.requireActual('../process/process-groups'),
    ...jest.requireActual('../process/temp-dirs'),
    runProcess: jest.fn(),
    captureOutputSync: jest.fn(),
  };
}
