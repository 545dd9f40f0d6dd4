const BARE_KEY = /^[A-Za-z0-9_-]+$/;

function tomlKey(key: string): string {
  return BARE_KEY.test(key) ? key : JSON.stringify(key);
}

/** A dotted config path (`model_providers.local.base_url`); segments that need it are quoted. */
export function tomlDottedKey(key: string): string {
  return key.split('.').map(tomlKey).join('.');
}

/**
 * One value as TOML (for `codex -c key=VALUE`): strings quoted, tables inline.
 * JSON string escapes are valid TOML basic-string escapes.
 */
export function toTomlValue(value: unknown, where = 'value'): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'nan';
    if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value))
    return `[${value.map((item, index) => toTomlValue(item, `${where}[${index}]`)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return `{${entries.map(([key, item]) => `${tomlKey(key)} = ${toTomlValue(item, `${where}.${key}`)}`).join(', ')}}`;
  }
  throw new TypeError(
    `${where}: ${value === null ? 'null' : typeof value} has no TOML form; remove it or give a string, number, boolean, array or table`,
  );
}
