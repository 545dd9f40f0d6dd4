/** Which projects a plugin applies to: by name or by root glob. Kept tiny: no glob library at plugin load time. */
export interface ProjectRef {
  name: string;
  root: string;
}

export function projectMatches(project: ProjectRef, include?: string[], exclude?: string[]): boolean {
  const matches = (pattern: string) => pattern === project.name || globToRegExp(pattern).test(project.root);
  if (include && include.length > 0 && !include.some(matches)) return false;
  return !(exclude ?? []).some(matches);
}

/** `*` matches within a path segment, `**` across segments. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}/?$`);
}
