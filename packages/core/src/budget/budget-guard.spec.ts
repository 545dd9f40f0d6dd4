import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BudgetExceededError, BudgetGuard } from './budget-guard';
import { RunLedger } from './ledger';
import { costOf, priceOf, type ModelPrice } from './prices';

const usage = (input: number, output: number, cached = 0) => ({
  inputTokens: input,
  cachedInputTokens: cached,
  outputTokens: output,
  reasoningOutputTokens: 0,
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nx-codex-budget-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('BudgetGuard', () => {
  it('refuses the call that would cross the task budget, counting calls under way and finished ones', () => {
    const guard = new BudgetGuard({ task: 'a', model: 'gpt-5.5', limits: { maxTaskTokens: 1000 } });
    const first = guard.reserve({ inputTokens: 300, outputTokens: 100 });
    expect(() => guard.reserve({ inputTokens: 500, outputTokens: 200 })).toThrow(
      /Task budget reached: the next call needs up to 700 tokens .* maxTaskTokens 1000/,
    );
    guard.settle(first, usage(250, 50));
    expect(guard.taskSpent.tokens).toBe(300);
    guard.reserve({ inputTokens: 500, outputTokens: 200 });
    expect(() => guard.reserve({ inputTokens: 1, outputTokens: 0 })).toThrow(BudgetExceededError);
  });

  it('prices usage with the table, the option first; a money budget without a price is an error that says how to add one', () => {
    const listed = priceOf('gpt-5.5', undefined);
    expect(listed).toBeDefined();
    expect(costOf(usage(1_000_000, 100_000, 400_000), listed as ModelPrice)).toBeCloseTo(
      0.6 * 5 + 0.4 * 0.5 + 0.1 * 30,
    );
    expect(priceOf('openai/gpt-5.5', { 'gpt-5.5': { input: 1, output: 2 } })).toEqual({ input: 1, output: 2 });
    expect(priceOf('gpt-6-sol', undefined)).toBeUndefined();
    expect(() => new BudgetGuard({ task: 'a', model: 'gpt-6-sol', limits: { maxRunCost: 1 } })).toThrow(
      /no price for model "gpt-6-sol": add it to the `prices` option/,
    );
    const guard = new BudgetGuard({
      task: 'a',
      model: 'gpt-5.5',
      price: priceOf('gpt-5.5', undefined),
      limits: { maxTaskCost: 0.01 },
    });
    expect(() => guard.reserve({ inputTokens: 1000, outputTokens: 1000 })).toThrow(/maxTaskCost \$0\.0100/);
    guard.reserve({ inputTokens: 500, outputTokens: 100 });
  });

  it('shares a run budget between tasks through the ledger, and records what each task spent or was refused', () => {
    const ledger = new RunLedger(dir, 'run-1');
    const a = new BudgetGuard({ task: 'a', model: 'm', ledger, limits: { maxRunTokens: 1000 } });
    const b = new BudgetGuard({
      task: 'b',
      model: 'm',
      ledger: new RunLedger(dir, 'run-1'),
      limits: { maxRunTokens: 1000 },
    });
    const booked = a.reserve({ inputTokens: 500, outputTokens: 100 });
    expect(() => b.reserve({ inputTokens: 400, outputTokens: 100 })).toThrow(
      /Run budget reached: .* spent or booked 600 of maxRunTokens 1000\. The call was not made; tasks already done keep their results/,
    );
    a.settle(booked, usage(450, 50));
    b.reserve({ inputTokens: 400, outputTokens: 100 });
    const state = ledger.read();
    expect(state.spentTokens).toBe(500);
    expect(state.tasks.a).toMatchObject({ tokens: 500, calls: 1 });
    expect(state.tasks.b.refused).toMatch(/Run budget reached/);
    expect(Object.keys(state.reservations)).toHaveLength(1);
    expect(a.runTotals()).toEqual({ id: 'run-1', tokens: 500, tasks: 2 });
  });

  it('a failed call gives its booking back', () => {
    const ledger = new RunLedger(dir, 'run-2');
    const guard = new BudgetGuard({ task: 'a', model: 'm', ledger, limits: { maxRunTokens: 100, maxTaskTokens: 100 } });
    guard.release(guard.reserve({ inputTokens: 90, outputTokens: 10 }));
    guard.reserve({ inputTokens: 90, outputTokens: 10 });
    expect(ledger.read().spentTokens).toBe(0);
  });

  it('parallel processes never book more than the run budget together', async () => {
    // Six processes race for 10-token calls against a 95-token run budget: exactly 9 calls may be booked.
    const script = `
      const { BudgetGuard } = require(${JSON.stringify(join(__dirname, 'budget-guard.ts'))});
      const { RunLedger } = require(${JSON.stringify(join(__dirname, 'ledger.ts'))});
      const guard = new BudgetGuard({ task: 'p' + process.pid, model: 'm', ledger: new RunLedger(${JSON.stringify(dir)}, 'race'), limits: { maxRunTokens: 95 } });
      let booked = 0;
      for (let i = 0; i < 10; i++) { try { guard.settle(guard.reserve({ inputTokens: 8, outputTokens: 2 }), { inputTokens: 8, cachedInputTokens: 0, outputTokens: 2, reasoningOutputTokens: 0 }); booked++; } catch (e) { if (!/Run budget reached/.test(e.message)) throw e; } }
      process.stdout.write(String(booked));`;
    const runs = Array.from(
      { length: 6 },
      () =>
        new Promise<number>((resolve, reject) => {
          const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', script], {
            stdio: ['ignore', 'pipe', 'inherit'],
          });
          let out = '';
          child.stdout.on('data', (data) => (out += data));
          child.on('exit', (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(`exit ${code}`))));
        }),
    );
    const booked = (await Promise.all(runs)).reduce((sum, count) => sum + count, 0);
    expect(booked).toBe(9);
    expect(new RunLedger(dir, 'race').read().spentTokens).toBe(90);
  });
});
