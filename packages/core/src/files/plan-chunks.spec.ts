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
    expect(estimateFileTokens(f, 'gpt-5')).toBe(
      countTokens(f.content, 'gpt-5') + countTokens(f.path, 'gpt-5') + FILE_FRAME_TOKENS,
    );
    expect(estimateFileTokens({ ...f, tokens: 7 })).toBe(7);
  });

  it('puts everything in one chunk when it fits, counting the fixed prompt once', () => {
    const plan = planChunks({ files: [file('b.ts', 10), file('a.ts', 20)], budgetTokens: 100, fixedTokens: 50 });
    expect(plan.skipped).toEqual([]);
    expect(plan.chunks).toEqual([{ files: [file('a.ts', 20), file('b.ts', 10)], tokens: 80 }]);
  });

  it('skips a file that cannot fit even alone, with the numbers, and never cuts it', () => {
    const plan = planChunks({
      files: [file('src/huge.ts', 951), file('src/small.ts', 10)],
      budgetTokens: 1000,
      fixedTokens: 50,
    });
    expect(plan.skipped).toEqual([
      { file: 'src/huge.ts', reason: 'over-budget', detail: '951 tokens + 50 fixed > budget 1000' },
    ]);
    expect(plan.chunks).toEqual([{ files: [file('src/small.ts', 10)], tokens: 60 }]);
  });

  it('keeps a file with its spec and test together, in path order', () => {
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
    const chunkOf = (path: string) => groups.findIndex((group) => group.includes(path));
    expect(chunkOf('src/b/x.spec.ts')).toBe(chunkOf('src/b/x.ts'));
    expect(chunkOf('src/b/x.test.ts')).toBe(chunkOf('src/b/x.ts'));
    expect(groups.flat()).toEqual([
      'src/a/x.ts',
      'src/a/y.ts',
      'src/b/x.spec.ts',
      'src/b/x.test.ts',
      'src/b/x.ts',
      'src/c/z.ts',
    ]);
  });

  it('makes one chunk of files under the target, and splits above it, never past twice the target', () => {
    const files = Array.from({ length: 50 }, (_, i) => file(`src/f${String(i).padStart(2, '0')}.ts`, 100));
    expect(planChunks({ files, budgetTokens: 100_000, targetTokens: 5_000, fixedTokens: 0 }).chunks).toHaveLength(1);
    const plan = planChunks({ files, budgetTokens: 100_000, targetTokens: 1_000, fixedTokens: 0 });
    expect(plan.chunks.length).toBeGreaterThan(2);
    for (const chunk of plan.chunks) expect(chunk.tokens).toBeLessThanOrEqual(2_000);
  });

  it('changes one chunk when one file changes, and at most two when a file is added', () => {
    const next = random(7);
    const files = Array.from({ length: 200 }, (_, i) =>
      file(
        `src/${['api', 'core', 'ui', 'util'][i % 4]}/m${String(i).padStart(3, '0')}.ts`,
        600 + Math.floor(next() * 1400),
      ),
    );
    const options = { budgetTokens: 120_000, targetTokens: 20_000, fixedTokens: 300 };
    const before = planChunks({ ...options, files });
    const signature = (chunk: { files: ChunkableFile[]; tokens: number }) =>
      `${chunk.tokens}:${chunk.files.map((f) => f.path).join(',')}`;
    const known = new Set(before.chunks.map(signature));
    expect(before.chunks.length).toBeGreaterThan(5);
    for (const index of [0, 37, 111, 199]) {
      const edited = files.map((f, i) => (i === index ? file(f.path, (f.tokens as number) + 25) : f));
      const after = planChunks({ ...options, files: edited });
      const changed = after.chunks.filter((chunk) => !known.has(signature(chunk)));
      expect(changed.map((chunk) => chunk.files.some((f) => f.path === files[index].path))).toEqual([true]);
    }
    const added = planChunks({ ...options, files: [...files, file('src/core/m050b.ts', 900)] });
    expect(added.chunks.filter((chunk) => !known.has(signature(chunk))).length).toBeLessThanOrEqual(2);
  });

  it('keeps every chunk under a character limit too, whatever its tokens, and skips a file over it', () => {
    const chars = new Map([
      ['a.txt', 600],
      ['b.txt', 600],
      ['c.txt', 300],
      ['huge.txt', 1200],
    ]);
    const files = [...chars.keys()].map((path) => file(path, 5));
    const plan = planChunks({
      files,
      budgetTokens: 1000,
      fixedTokens: 10,
      budgetChars: 1000,
      fixedChars: 50,
      fileChars: (f) => chars.get(f.path) as number,
    });
    expect(plan.skipped).toEqual([
      {
        file: 'huge.txt',
        reason: 'over-budget',
        detail: "1200 characters + 50 fixed > Codex's limit of 1000 characters",
      },
    ]);
    for (const chunk of plan.chunks)
      expect(50 + chunk.files.reduce((sum, f) => sum + (chars.get(f.path) as number), 0)).toBeLessThanOrEqual(1000);
    expect(plan.chunks.flatMap((chunk) => chunk.files.map((f) => f.path)).sort()).toEqual(['a.txt', 'b.txt', 'c.txt']);
  });

  it("counts real content when tokens are not given, or with the caller's measure", () => {
    const content = 'export function add(a: number, b: number) {\n  return a + b;\n}\n'.repeat(20);
    const files = [
      { path: 'src/a.ts', content },
      { path: 'src/b.ts', content },
    ];
    const one = estimateFileTokens(files[0]);
    expect(planChunks({ files, budgetTokens: 2 * one + 5, fixedTokens: 5 }).chunks).toHaveLength(1);
    expect(planChunks({ files, budgetTokens: 2 * one + 4, fixedTokens: 5 }).chunks).toHaveLength(2);
    const withLineNumbers = planChunks({
      files,
      budgetTokens: 2 * one + 5,
      fixedTokens: 5,
      fileTokens: (f) => estimateFileTokens(f) * 2,
    });
    expect(withLineNumbers.chunks).toHaveLength(2);
  });

  it('refuses a fixed prompt that leaves no room for files', () => {
    expect(() => planChunks({ files: [file('a.ts', 1)], budgetTokens: 100, fixedTokens: 100 })).toThrow(
      /leaves no room for files within the budget of 100 tokens/,
    );
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
        expect({ context, tokens: chunk.tokens, over: chunk.tokens > budgetTokens }).toEqual({
          context,
          tokens: chunk.tokens,
          over: false,
        });
        expect(chunk.tokens).toBe(fixedTokens + chunk.files.reduce((sum, f) => sum + (f.tokens as number), 0));
        expect(chunk.files.length).toBeGreaterThan(0);
      }
      const placed = plan.chunks.flatMap((chunk) => chunk.files.map((f) => f.path));
      const skipped = plan.skipped.map((s) => s.file);
      expect([...placed, ...skipped].sort()).toEqual(input.map((f) => f.path).sort());
      expect(new Set(placed).size).toBe(placed.length);
      for (const s of plan.skipped)
        expect((files.get(s.file)?.tokens as number) + fixedTokens).toBeGreaterThan(budgetTokens);

      // A source file and its spec land together whenever they fit together.
      const chunkOf = new Map(plan.chunks.flatMap((chunk, index) => chunk.files.map((f) => [f.path, index] as const)));
      for (const [path, f] of files) {
        const spec = path.replace(/\.ts$/, '.spec.ts');
        if (!path.endsWith('.spec.ts') && !path.endsWith('.test.ts') && path.endsWith('.ts') && files.has(spec)) {
          const together = (f.tokens as number) + (files.get(spec)?.tokens as number) + fixedTokens <= budgetTokens;
          const testFile = files.get(path.replace(/\.ts$/, '.test.ts'));
          const trio =
            together &&
            (!testFile ||
              (f.tokens as number) + (files.get(spec)?.tokens as number) + (testFile.tokens as number) + fixedTokens <=
                budgetTokens);
          if (trio)
            expect({ context, path, same: chunkOf.get(path) === chunkOf.get(spec) }).toEqual({
              context,
              path,
              same: true,
            });
        }
      }

      // Units are laid out in path order: read in order, the chunks list each file under its unit's path (a test under its source's), sorted.
      const unitPath = (path: string) => {
        const source = path.replace(/\.(spec|test)(\.[^./]+)$/, '$2');
        return source !== path && chunkOf.get(source) === chunkOf.get(path) ? source : path;
      };
      const order = placed.map(unitPath);
      expect({ context, order }).toEqual({ context, order: [...order].sort() });

      const again = planChunks({ files: shuffle(input, next), budgetTokens, fixedTokens });
      expect(again).toEqual(plan);
    }
  });
});
