import { randomUUID } from 'node:crypto';
import type { CodexUsage } from '../codex/types';
import type { RunLedger } from './ledger';
import { costOf, type ModelPrice } from './prices';

export interface BudgetLimits {
  /** Most tokens (input + output) one task may spend. */
  maxTaskTokens?: number;
  /** Most US dollars one task may spend (needs a price for the model). */
  maxTaskCost?: number;
  /** Most tokens all tasks of one Nx run may spend together. */
  maxRunTokens?: number;
  maxRunCost?: number;
}

export class BudgetExceededError extends Error {
  readonly kind = 'budget';
}

export interface CallEstimate {
  inputTokens: number;
  /** Room kept for the answer: the output of a call is known only after it. */
  outputTokens: number;
}

const tokensOf = (usage: CodexUsage) => usage.inputTokens + usage.outputTokens;
const money = (dollars: number) => `$${dollars.toFixed(4)}`;

/**
 * Asked before every model call: would this call, with everything already spent or under way, cross
 * the task's or the run's budget? If so it is not made (BudgetExceededError). After the call its
 * estimate is replaced by what the model reported.
 */
export class BudgetGuard {
  private spent = { tokens: 0, cost: 0 };
  private reserved = new Map<string, { tokens: number; cost: number }>();

  constructor(
    private readonly options: {
      task: string;
      model: string;
      limits: BudgetLimits;
      price?: ModelPrice;
      ledger?: RunLedger;
    },
  ) {
    const { limits, price, model } = options;
    if ((limits.maxTaskCost !== undefined || limits.maxRunCost !== undefined) && !price) {
      throw new BudgetExceededError(
        `A money budget (maxTaskCost/maxRunCost) is set, but there is no price for model "${model}": add it to the \`prices\` option (dollars per million tokens: {"${model}": {"input": 5, "cachedInput": 0.5, "output": 30}}).`,
      );
    }
  }

  /** Whether any budget is set (then a call's estimate is worth an exact token count). */
  get limited(): boolean {
    return Object.values(this.options.limits).some((limit) => limit !== undefined);
  }

  get taskSpent(): { tokens: number; cost?: number } {
    return { tokens: this.spent.tokens, ...(this.options.price ? { cost: this.spent.cost } : {}) };
  }

  private costOfTokens(input: number, output: number): number {
    return this.options.price
      ? costOf(
          { inputTokens: input, cachedInputTokens: 0, outputTokens: output, reasoningOutputTokens: 0 },
          this.options.price,
        )
      : 0;
  }

  /** Books the call's estimate, or throws when it would cross a budget (nothing is booked then). */
  reserve(estimate: CallEstimate): string {
    const { limits, task } = this.options;
    const tokens = estimate.inputTokens + estimate.outputTokens;
    const cost = this.costOfTokens(estimate.inputTokens, estimate.outputTokens);
    const pending = [...this.reserved.values()].reduce(
      (sum, item) => ({ tokens: sum.tokens + item.tokens, cost: sum.cost + item.cost }),
      { tokens: 0, cost: 0 },
    );
    const taskTokens = this.spent.tokens + pending.tokens + tokens;
    const taskCost = this.spent.cost + pending.cost + cost;
    const call = `the next call needs up to ${tokens} tokens (${estimate.inputTokens} in + ${estimate.outputTokens} kept for the answer)`;
    if (limits.maxTaskTokens !== undefined && taskTokens > limits.maxTaskTokens) {
      throw new BudgetExceededError(
        `Task budget reached: ${call}, and this task has spent ${this.spent.tokens} of maxTaskTokens ${limits.maxTaskTokens}. The call was not made; raise maxTaskTokens or review fewer files.`,
      );
    }
    if (limits.maxTaskCost !== undefined && taskCost > limits.maxTaskCost) {
      throw new BudgetExceededError(
        `Task budget reached: ${call} (${money(cost)}), and this task has spent ${money(this.spent.cost)} of maxTaskCost ${money(limits.maxTaskCost)}. The call was not made.`,
      );
    }
    const id = randomUUID();
    const ledger = this.options.ledger;
    if (ledger && (limits.maxRunTokens !== undefined || limits.maxRunCost !== undefined)) {
      const refusal = ledger.update((state) => {
        const open = Object.values(state.reservations).reduce(
          (sum, item) => ({ tokens: sum.tokens + item.tokens, cost: sum.cost + item.cost }),
          { tokens: 0, cost: 0 },
        );
        const runTokens = state.spentTokens + open.tokens;
        const runCost = state.spentCost + open.cost;
        let reason: string | undefined;
        if (limits.maxRunTokens !== undefined && runTokens + tokens > limits.maxRunTokens) {
          reason = `Run budget reached: ${call}, and this run has spent or booked ${runTokens} of maxRunTokens ${limits.maxRunTokens}. The call was not made; tasks already done keep their results.`;
        } else if (limits.maxRunCost !== undefined && runCost + cost > limits.maxRunCost) {
          reason = `Run budget reached: ${call} (${money(cost)}), and this run has spent or booked ${money(runCost)} of maxRunCost ${money(limits.maxRunCost)}. The call was not made; tasks already done keep their results.`;
        }
        const entry = (state.tasks[task] ??= { tokens: 0, cost: 0, calls: 0 });
        if (reason) entry.refused = reason;
        else state.reservations[id] = { task, tokens, cost };
        return reason;
      });
      if (refusal) throw new BudgetExceededError(refusal);
    }
    this.reserved.set(id, { tokens, cost });
    return id;
  }

  /** The call finished: its real usage replaces its estimate. */
  settle(id: string, usage: CodexUsage): void {
    this.reserved.delete(id);
    const tokens = tokensOf(usage);
    const cost = this.options.price ? costOf(usage, this.options.price) : 0;
    this.spent = { tokens: this.spent.tokens + tokens, cost: this.spent.cost + cost };
    this.options.ledger?.update((state) => {
      delete state.reservations[id];
      state.spentTokens += tokens;
      state.spentCost += cost;
      const entry = (state.tasks[this.options.task] ??= { tokens: 0, cost: 0, calls: 0 });
      entry.tokens += tokens;
      entry.cost += cost;
      entry.calls += 1;
    });
  }

  /** The call failed without reporting usage: its booking is dropped. */
  release(id: string): void {
    if (!this.reserved.delete(id)) return;
    this.options.ledger?.update((state) => {
      delete state.reservations[id];
    });
  }

  /** The run's totals so far, when a ledger is kept. */
  runTotals(): { id: string; tokens: number; cost?: number; tasks: number } | undefined {
    const ledger = this.options.ledger;
    if (!ledger) return undefined;
    const state = ledger.read();
    return {
      id: state.runId,
      tokens: state.spentTokens,
      ...(this.options.price ? { cost: state.spentCost } : {}),
      tasks: Object.keys(state.tasks).length,
    };
  }
}
