const LANGUAGE_BY_EXTENSION: Record<string, string> = {
  ts: 'TypeScript',
  tsx: 'TypeScript',
  mts: 'TypeScript',
  cts: 'TypeScript',
  js: 'JavaScript',
  jsx: 'JavaScript',
  mjs: 'JavaScript',
  cjs: 'JavaScript',
  py: 'Python',
  go: 'Go',
  rs: 'Rust',
  java: 'Java',
  kt: 'Kotlin',
  kts: 'Kotlin',
  scala: 'Scala',
  cs: 'C#',
  fs: 'F#',
  rb: 'Ruby',
  php: 'PHP',
  swift: 'Swift',
  c: 'C',
  h: 'C',
  cc: 'C++',
  cpp: 'C++',
  cxx: 'C++',
  hpp: 'C++',
  dart: 'Dart',
  ex: 'Elixir',
  exs: 'Elixir',
  vue: 'Vue',
  svelte: 'Svelte',
  astro: 'Astro',
  css: 'CSS',
  scss: 'SCSS',
  sass: 'SCSS',
  less: 'Less',
  html: 'HTML',
  sql: 'SQL',
  sh: 'Shell',
  bash: 'Shell',
  graphql: 'GraphQL',
  gql: 'GraphQL',
  proto: 'Protocol Buffers',
};

export interface LanguageCount {
  language: string;
  files: number;
}

function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** Counts source files per language by extension, most used first (ties by name). */
export function countLanguages(files: string[]): LanguageCount[] {
  const counts = new Map<string, number>();
  for (const file of files) {
    if (file.endsWith('.d.ts')) continue;
    const language = LANGUAGE_BY_EXTENSION[extensionOf(file)];
    if (language) counts.set(language, (counts.get(language) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([language, n]) => ({ language, files: n }))
    .sort((a, b) => b.files - a.files || a.language.localeCompare(b.language));
}

export function describeLanguages(languages: LanguageCount[], truncated: boolean): string {
  if (languages.length === 0) return 'no source files found under the project roots';
  const text = languages
    .map(({ language, files }) => `${language} (${files} ${files === 1 ? 'file' : 'files'})`)
    .join(', ');
  return truncated ? `${text}, counted on a sample (the workspace is large)` : text;
}
