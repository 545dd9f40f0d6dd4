// The real codex 0.169.0 against tools/local-model's --fail-rate: the calls the seed predicts fail.
import { failurePlan, startLocalModel } from './index';
import { cleanupWorkspaces, codexExec, describeRun } from './codex-exec';

describe('--fail-rate with the real codex', () => {
  const RUNS = 8;
  async function exitCodes(seed: number): Promise<number[]> {
    const model = await startLocalModel({ scenario: 'message', failRate: 0.5, seed });
    try {
      const codes: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const run = await codexExec(model, `call ${i}`);
        if (run.exitCode !== 0 && !run.failed) throw new Error(`codex failed without turn.failed: ${describeRun(run)}`);
        codes.push(run.exitCode ?? -1);
      }
      return codes;
    } finally {
      await model.stop();
    }
  }
  afterAll(() => cleanupWorkspaces());

  it('fails the same calls for the same seed, as the seed predicts', async () => {
    const plan = failurePlan(0.5, 42);
    const predicted = Array.from({ length: RUNS }, (_, i) => (plan(i) ? 1 : 0));
    expect(predicted).toContain(0);
    expect(predicted).toContain(1);
    const first = await exitCodes(42);
    expect(first).toEqual(predicted);
    expect(await exitCodes(42)).toEqual(first);
    const other = failurePlan(0.5, 7);
    expect(await exitCodes(7)).toEqual(Array.from({ length: RUNS }, (_, i) => (other(i) ? 1 : 0)));
    expect(Array.from({ length: RUNS }, (_, i) => (other(i) ? 1 : 0))).not.toEqual(predicted);
  });
});
