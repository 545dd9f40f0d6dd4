import { countTokens } from './count-tokens';
import { estimateFileTokens, FILE_FRAME_TOKENS, planChunks, type ChunkableFile } from './plan-chunks';

/** mulberry32: a tiny seeded generator, so a failing case can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function file(path: string, tokens: number): ChunkableFile {
  return { path, content: '', tokens };
}

function shuffle<T>(items: T[], next: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

describe('planChunks', () => {
  it('estimates a file as its content, its path and a frame', () => {
    const f = { path: 'src/a.ts', content: 'export const a = 1;\n' };
    expect(estimateFileTokens(f, 'gpt-5')).toBe(countTokens(f.content, 'gpt-5') + countTokens(f.path, 'gpt-5') + FILE_FRAME_TOKENS);
    expect(estimateFileTokens({ ...f, tokens: 7 })).toBe(7);
  });

  it('puts everything in one chunk when it fits, counting the fixed prompt once', () => {
    const plan = planChunks({ files: [file('b.ts', 10), file('a.ts', 20)], budgetTokens: 100, fixedTokens: 50 });
    expect(plan.skipped).toEqual([]);
    expect(plan.chunks).toEqual([{ files: [file('a.ts', 20), file('b.ts', 10)], tokens: 80 }]);
  });

  it('skips a file that cannot fit even alone, with the numbers, and never cuts it', () => {
    const plan = planChunks({ files: [file('src/huge.ts', 951), file('src/small.ts', 10)], budgetTokens: 1000, fixedTokens: 50 });
    expect(plan.skipped).toEqual([{ file: 'src/huge.ts', reason: 'over-budget', detail: '951 tokens + 50 fixed > budget 1000' }]);
    expect(plan.chunks).toEqual([{ files: [file('src/small.ts', 10)], tokens: 60 }]);
  });

  it('keeps a file with its spec and test together, and a folder together when it fits', () => {
    const files = [
      file('src/a/x.ts', 30),
      file('src/a/y.ts', 30),
      file('src/b/x.ts', 30),
      file('src/b/x.spec.ts', 30),
      file('src/b/x.test.ts', 20),
      file('src/c/z.ts', 40),
    ];
    const plan = planChunks({ files, budgetTokens: 110, fixedTokens: 10 });
    const groups = plan.chunks.map((chunk) => chunk.files.map((f) => f.path));
    // src/c fits in the room src/a left.
    expect(groups).toEqual([['src/a/x.ts', 'src/a/y.ts', 'src/c/z.ts'], ['src/b/x.spec.ts', 'src/b/x.test.ts', 'src/b/x.ts']]);
  });

  it('lets a small folder fill the gap of an earlier chunk', () => {
    const files = [file('a/1.ts', 60), file('b/1.ts', 60), file('c/1.ts', 30)];
    const plan = planChunks({ files, budgetTokens: 100, fixedTokens: 0 });
    expect(plan.chunks.map((chunk) => chunk.files.map((f) => f.path))).toEqual([['a/1.ts', 'c/1.ts'], ['b/1.ts']]);
  });

  it('lays out a folder bigger than a chunk in path order', () => {
    const files = ['a', 'b', 'c', 'd', 'e'].map((name) => file(`big/${name}.ts`, 40));
    const plan = planChunks({ files, budgetTokens: 100, fixedTokens: 10 });
    expect(plan.chunks.map((chunk) => chunk.files.map((f) => f.path))).toEqual([
      ['big/a.ts', 'big/b.ts'],
      ['big/c.ts', 'big/d.ts'],
      ['big/e.ts'],
    ]);
  });

  it('counts real content when tokens are not given, or with the caller\'s measure', () => {
    const content = 'export function add(a: number, b: number) {\n  return a + b;\n}\n'.repeat(20);
    const files = [{ path: 'src/a.ts', content }, { path: 'src/b.ts', content }];
    const one = estimateFileTokens(files[0]);
    expect(planChunks({ files, budgetTokens: 2 * one + 5, fixedTokens: 5 }).chunks).toHaveLength(1);
    expect(planChunks({ files, budgetTokens: 2 * one + 4, fixedTokens: 5 }).chunks).toHaveLength(2);
    const withLineNumbers = planChunks({ files, budgetTokens: 2 * one + 5, fixedTokens: 5, fileTokens: (f) => estimateFileTokens(f) * 2 });
    expect(withLineNumbers.chunks).toHaveLength(2);
  });

  it('refuses a fixed prompt that leaves no room for files', () => {
    expect(() => planChunks({ files: [file('a.ts', 1)], budgetTokens: 100, fixedTokens: 100 })).toThrow(/leaves no room for files within the budget of 100 tokens/);
    expect(planChunks({ files: [], budgetTokens: 100, fixedTokens: 100 })).toEqual({ chunks: [], skipped: [] });
  });

  it('over random inputs: no chunk over budget, every file placed once or skipped, pairs kept, same result for any order', () => {
    const dirs = ['', 'src', 'src/lib', 'src/lib/deep', 'test', 'docs'];
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const budgetTokens = 50 + Math.floor(next() * 2000);
      const fixedTokens = Math.floor(next() * (budgetTokens - 1));
      const files = new Map<string, ChunkableFile>();
      const count = Math.floor(next() * 40);
      for (let i = 0; i < count; i++) {
        const dir = dirs[Math.floor(next() * dirs.length)];
        const stem = `f${Math.floor(next() * 8)}`;
        const suffix = ['.ts', '.spec.ts', '.test.ts', '.md'][Math.floor(next() * 4)];
        const path = dir ? `${dir}/${stem}${suffix}` : `${stem}${suffix}`;
        files.set(path, file(path, 1 + Math.floor(next() * budgetTokens * 0.7)));
      }
      const input = [...files.values()];
      const plan = planChunks({ files: input, budgetTokens, fixedTokens });
      const context = `seed ${seed}, budget ${budgetTokens}, fixed ${fixedTokens}`;

      for (const chunk of plan.chunks) {
        expect({ context, tokens: chunk.tokens, over: chunk.tokens > budgetTokens }).toEqual({ context, tokens: chunk.tokens, over: false });
        expect(chunk.tokens).toBe(fixedTokens + chunk.files.reduce((sum, f) => sum + (f.tokens as number), 0));
        expect(chunk.files.length).toBeGreaterThan(0);
      }
      const placed = plan.chunks.flatMap((chunk) => chunk.files.map((f) => f.path));
      const skipped = plan.skipped.map((s) => s.file);
      expect([...placed, ...skipped].sort()).toEqual(input.map((f) => f.path).sort());
      expect(new Set(placed).size).toBe(placed.length);
      for (const s of plan.skipped) expect((files.get(s.file)?.tokens as number) + fixedTokens).toBeGreaterThan(budgetTokens);

      // A source file and its spec land together whenever they fit together.
      const chunkOf = new Map(plan.chunks.flatMap((chunk, index) => chunk.files.map((f) => [f.path, index] as const)));
      for (const [path, f] of files) {
        const spec = path.replace(/\.ts$/, '.spec.ts');
        if (!path.endsWith('.spec.ts') && !path.endsWith('.test.ts') && path.endsWith('.ts') && files.has(spec)) {
          const together = (f.tokens as number) + (files.get(spec)?.tokens as number) + fixedTokens <= budgetTokens;
          const testFile = files.get(path.replace(/\.ts$/, '.test.ts'));
          const trio = together && (!testFile || (f.tokens as number) + (files.get(spec)?.tokens as number) + (testFile.tokens as number) + fixedTokens <= budgetTokens);
          if (trio) expect({ context, path, same: chunkOf.get(path) === chunkOf.get(spec) }).toEqual({ context, path, same: true });
        }
      }

      // A folder that fits in one chunk is never split.
      const byFolder = new Map<string, string[]>();
      for (const path of placed) {
        const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
        byFolder.set(folder, [...(byFolder.get(folder) ?? []), path]);
      }
      for (const [folder, members] of byFolder) {
        const total = members.reduce((sum, path) => sum + (files.get(path)?.tokens as number), 0);
        if (total + fixedTokens <= budgetTokens) {
          expect({ context, folder, chunks: new Set(members.map((path) => chunkOf.get(path))).size }).toEqual({ context, folder, chunks: 1 });
        }
      }

      const again = planChunks({ files: shuffle(input, next), budgetTokens, fixedTokens });
      expect(again).toEqual(plan);
    }
  });
});
