import { Slots } from './slots';

/** Lets the event loop read what arrived (Codex's answers, which free a model slot) before going on. */
const readPendingInput = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * How the reviews of one batch share its process and Codex. A review's own work (preparing:
 * settings, files, secret scan, prompts; concluding: reports) is synchronous work on the one
 * JavaScript thread: it runs one piece at a time, each after the messages that arrived meanwhile
 * are read, so a Codex answer never waits behind a row of preparations and reports. At most
 * `concurrency` reviews have calls out at the model (Nx's `--parallel`); a review holds its slot
 * only while its calls are out, so the review waiting next sends its calls before the one that gave
 * the slot back writes its reports.
 */
export class ReviewSchedule {
  private readonly thread = new Slots(1);
  private readonly model: Slots;

  /** `yieldTo`: what a piece of own work lets finish first (the batch: Codex starting the turns just sent). */
  constructor(
    readonly concurrency: number,
    private readonly yieldTo: () => Promise<void> = async () => undefined,
  ) {
    this.model = new Slots(concurrency);
  }

  /** Runs a piece of a review's own work in its turn. */
  async ownWork<T>(work: () => T | Promise<T>): Promise<T> {
    const release = await this.thread.acquire();
    try {
      await readPendingInput();
      await this.yieldTo();
      return await work();
    } finally {
      release();
    }
  }

  /** Waits for a slot at the model (or for `signal`); the function returned gives it back. */
  atModel(signal?: AbortSignal): Promise<() => void> {
    return this.model.acquire(signal);
  }
}
