import { minimatch } from 'minimatch';

/** Which projects a plugin applies to: by name or by root glob (minimatch, which Nx loads anyway: `{apps,libs}/*` works). */
export interface ProjectRef {
  name: string;
  root: string;
}

export function projectMatches(project: ProjectRef, include?: string[], exclude?: string[]): boolean {
  const matches = (pattern: string) => pattern === project.name || matchesRoot(project.root, pattern);
  if (include && include.length > 0 && !include.some(matches)) return false;
  return !(exclude ?? []).some(matches);
}

/** A root glob, with or without a trailing slash (`examples/*`, `examples/*\/`). */
export function matchesRoot(root: string, pattern: string): boolean {
  return minimatch(root, pattern.replace(/\/+$/, ''), { dot: true });
}
