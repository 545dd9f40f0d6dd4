// Deterministic, realistic-looking TypeScript projects for the benchmarks (same seed, same bytes).

const NOUNS = [
  'order',
  'invoice',
  'customer',
  'payment',
  'shipment',
  'product',
  'cart',
  'account',
  'session',
  'report',
  'ledger',
  'coupon',
  'refund',
  'address',
  'tenant',
  'webhook',
  'quota',
  'audit',
];
const VERBS = [
  'load',
  'save',
  'validate',
  'compute',
  'normalize',
  'merge',
  'resolve',
  'apply',
  'format',
  'parse',
  'sync',
  'schedule',
  'retry',
  'archive',
];
const FIELDS = [
  'id',
  'createdAt',
  'updatedAt',
  'amountCents',
  'currency',
  'status',
  'ownerId',
  'email',
  'notes',
  'version',
  'tags',
  'region',
  'expiresAt',
  'attempts',
];
const TYPES = ['string', 'number', 'boolean', 'Date', 'string[]', 'Record<string, string>', 'number | null'];
const FOLDERS = ['domain', 'services', 'http', 'data', 'util', 'jobs', 'validation', 'reporting'];

/** mulberry32: a small seeded PRNG. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  return { next, int, pick };
}

const cap = (word) => word[0].toUpperCase() + word.slice(1);

function interfaceBlock(r, name) {
  const names = [...new Set(Array.from({ length: r.int(3, 9) }, () => r.pick(FIELDS)))];
  const fields = names.map((field) => `  ${field}${r.next() < 0.2 ? '?' : ''}: ${r.pick(TYPES)};`);
  return [`/** ${name} as stored and returned by the API. */`, `export interface ${name} {`, ...fields, '}', ''];
}

function functionBlock(r, noun, index) {
  const verb = r.pick(VERBS);
  const name = `${verb}${cap(noun)}${index}`;
  const type = cap(noun);
  const lines = [
    `/** The ${verb} step for one ${noun}; throws when the input is not usable. */`,
    `export ${r.next() < 0.4 ? 'async ' : ''}function ${name}(input: ${type}, options: { strict?: boolean; limit?: number } = {}): ${r.next() < 0.5 ? type : 'number'} {`,
    `  if (!input) throw new Error('${name}: missing ${noun}');`,
  ];
  for (let i = 0, n = r.int(2, 12); i < n; i++) {
    const field = r.pick(FIELDS);
    switch (r.int(0, 4)) {
      case 0:
        lines.push(
          `  if (options.strict && input.${field} === undefined) {`,
          `    throw new Error(\`${noun} \${input.id} has no ${field}\`);`,
          '  }',
        );
        break;
      case 1:
        lines.push(
          `  const ${field}${i} = Array.isArray(input.${field}) ? input.${field}.length : Number(input.${field} ?? 0);`,
        );
        break;
      case 2:
        lines.push(
          `  for (let i = 0; i < (options.limit ?? 10); i++) {`,
          `    if (i % ${r.int(2, 9)} === 0) continue;`,
          `    total += i * ${r.int(1, 100)};`,
          '  }',
        );
        break;
      case 3:
        lines.push(
          `  // ${cap(field)} arrives as text from older clients.`,
          `  const parsed${i} = typeof input.${field} === 'string' ? input.${field}.trim() : input.${field};`,
        );
        break;
      default:
        lines.push(
          `  await Promise.resolve(); // yield to the event loop between ${noun}s`.replace(
            'await ',
            r.next() < 0.5 ? '' : 'void ',
          ),
        );
    }
  }
  lines.splice(3, 0, '  let total = 0;');
  lines.push(r.next() < 0.5 ? '  return { ...input };' : '  return total;', '}', '');
  return lines;
}

function classBlock(r, noun) {
  const type = cap(noun);
  const lines = [
    `export class ${type}Service {`,
    `  private readonly cache = new Map<string, ${type}>();`,
    '',
    `  constructor(private readonly repository: { find(id: string): Promise<${type} | undefined>; save(value: ${type}): Promise<void> }) {}`,
    '',
  ];
  for (let i = 0, n = r.int(2, 8); i < n; i++) {
    const verb = r.pick(VERBS);
    lines.push(
      `  async ${verb}${i}(id: string): Promise<${type}> {`,
      '    const cached = this.cache.get(id);',
      '    if (cached) return cached;',
      '    const found = await this.repository.find(id);',
      `    if (!found) throw new Error(\`${noun} \${id} not found\`);`,
      ...(r.next() < 0.5
        ? [`    if (found.${r.pick(FIELDS)} === undefined) await this.repository.save({ ...found });`]
        : []),
      '    this.cache.set(id, found);',
      '    return found;',
      '  }',
      '',
    );
  }
  lines.push('}', '');
  return lines;
}

function specBlock(r, noun, subject) {
  const lines = [
    `import { describe, expect, it } from '@jest/globals';`,
    `import * as subject from './${subject}';`,
    '',
    `describe('${noun}', () => {`,
  ];
  for (let i = 0, n = r.int(2, 10); i < n; i++) {
    lines.push(
      `  it('handles case ${i}', () => {`,
      `    expect(Object.keys(subject).length).toBeGreaterThan(${r.int(0, 3)});`,
      '  });',
      '',
    );
  }
  lines.push('});', '');
  return lines;
}

/** A source file of about `targetLines` lines. */
function sourceFile(r, noun, targetLines) {
  const type = cap(noun);
  const lines = [
    `// ${type} ${r.pick(FOLDERS)} logic.`,
    `import type { ${type} } from './${noun}.model';`,
    '',
    ...interfaceBlock(r, `${type}Summary`),
  ];
  let index = 0;
  while (lines.length < targetLines)
    lines.push(...(r.next() < 0.25 ? classBlock(r, noun) : functionBlock(r, noun, index++)));
  return lines.join('\n');
}

/** Line count: mostly small files, some medium, a few large (as in real projects). */
function fileLength(r) {
  const roll = r.next();
  if (roll < 0.6) return r.int(15, 80);
  if (roll < 0.9) return r.int(80, 250);
  return r.int(250, 650);
}

/**
 * `count` files (path relative to the project root -> content) spread over src/<folder>/:
 * models, sources of varied size, and specs beside some of them.
 */
export function generateProjectFiles(count, seed = 1) {
  const r = rng(seed);
  const files = {};
  let n = 0;
  const add = (path, content) => {
    if (n < count && !(path in files)) {
      files[path] = content;
      n++;
    }
  };
  add('src/index.ts', `export * from './domain/order-0';\n`);
  for (let i = 0; n < count; i++) {
    const noun = NOUNS[i % NOUNS.length];
    const folder = `src/${FOLDERS[i % FOLDERS.length]}`;
    if (i < NOUNS.length * 2 && i % 2 === 0) add(`${folder}/${noun}.model.ts`, interfaceBlock(r, cap(noun)).join('\n'));
    const base = `${noun}-${i}`;
    add(`${folder}/${base}.ts`, sourceFile(r, noun, fileLength(r)));
    if (r.next() < 0.35) add(`${folder}/${base}.spec.ts`, specBlock(r, noun, base).join('\n'));
  }
  return files;
}

/** `projects` small projects (`files` files each), named p00..pNN. */
export function generateWorkspaceProjects(projects, files, seed = 7) {
  return Object.fromEntries(
    Array.from({ length: projects }, (_, i) => [
      `p${String(i).padStart(2, '0')}`,
      generateProjectFiles(files, seed + i),
    ]),
  );
}
