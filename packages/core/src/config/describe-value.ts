import { isTable } from './layers';

/** How a message shows a wrong value: `"foo"`, `the integer 1`, `a table`. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (typeof value === 'number' || typeof value === 'bigint')
    return Number.isInteger(Number(value)) ? `the integer ${value}` : `the number ${value}`;
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a date';
  if (isTable(value)) return 'a table';
  return String(value);
}

export function listOf(values: readonly string[]): string {
  return values.map((value) => JSON.stringify(value)).join(' | ');
}
