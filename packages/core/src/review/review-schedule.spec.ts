import { ReviewSchedule } from './review-schedule';
import { Slots } from './slots';

/** Lets every promise callback that is ready run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Slots', () => {
  it('hands out at most its size at once, first come first served, and a release goes to the longest waiter', async () => {
    const slots = new Slots(2);
    const order: string[] = [];
    const a = await slots.acquire();
    const b = await slots.acquire();
    const waiting = ['c', 'd'].map((name) => slots.acquire().then((release) => (order.push(name), release)));
    await settle();
    expect(order).toEqual([]);
    expect(slots.available).toBe(0);
    b();
    await settle();
    expect(order).toEqual(['c']);
    b(); // a second release of the same slot gives nothing back
    await settle();
    expect(order).toEqual(['c']);
    a();
    await settle();
    expect(order).toEqual(['c', 'd']);
    for (const release of await Promise.all(waiting)) release();
    expect(slots.available).toBe(2);
  });

  it('takes a waiter whose signal aborts out of the line, with its reason', async () => {
    const slots = new Slots(1);
    const held = await slots.acquire();
    const abort = new AbortController();
    const gaveUp = slots.acquire(abort.signal);
    const next = slots.acquire();
    abort.abort(new Error('stopped'));
    await expect(gaveUp).rejects.toThrow('stopped');
    held();
    const release = await next;
    expect(slots.available).toBe(0);
    release();
    expect(slots.available).toBe(1);
    await expect(slots.acquire(abort.signal)).rejects.toThrow('stopped');
  });

  it('refuses a size that is not a whole number of at least one', () => {
    expect(() => new Slots(0)).toThrow(RangeError);
    expect(() => new Slots(1.5)).toThrow(RangeError);
  });
});

describe('ReviewSchedule', () => {
  it('runs the pieces of own work one at a time, each after the input that arrived before it', async () => {
    const schedule = new ReviewSchedule(2);
    const log: string[] = [];
    const piece = (name: string) =>
      schedule.ownWork(async () => {
        log.push(`${name} start`);
        // A message that arrives while this piece runs is read before the next piece starts.
        setImmediate(() => log.push(`input during ${name}`));
        await Promise.resolve();
        log.push(`${name} end`);
        return name;
      });
    expect(await Promise.all([piece('a'), piece('b'), piece('c')])).toEqual(['a', 'b', 'c']);
    expect(log).toEqual([
      'a start',
      'a end',
      'input during a',
      'b start',
      'b end',
      'input during b',
      'c start',
      'c end',
    ]);
  });

  it('lets what it yields to finish before each piece of own work', async () => {
    const log: string[] = [];
    let finish: () => void = () => undefined;
    const schedule = new ReviewSchedule(1, () => {
      log.push('yield');
      return new Promise<void>((resolve) => (finish = resolve));
    });
    const piece = schedule.ownWork(() => log.push('work'));
    await settle();
    await settle();
    expect(log).toEqual(['yield']);
    finish();
    await piece;
    expect(log).toEqual(['yield', 'work']);
  });

  it('gives the thread to the next piece when a piece fails', async () => {
    const schedule = new ReviewSchedule(1);
    const failing = schedule.ownWork(() => {
      throw new Error('bad settings');
    });
    await expect(failing).rejects.toThrow('bad settings');
    await expect(schedule.ownWork(() => 'next')).resolves.toBe('next');
  });

  it('lets `concurrency` reviews at the model at once', async () => {
    const schedule = new ReviewSchedule(2);
    const first = await schedule.atModel();
    await schedule.atModel();
    let third = false;
    const waiting = schedule.atModel().then(() => (third = true));
    await settle();
    expect(third).toBe(false);
    first();
    await waiting;
    expect(third).toBe(true);
  });
});
