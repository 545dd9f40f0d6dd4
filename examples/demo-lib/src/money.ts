/** Parses "12.34" or "12,34" into cents. */
export function parsePrice(input: string): number {
  const normalised = input.trim().replace(',', '.');
  const value = parseFloat(normalised);
  return Math.floor(value * 100);
}

/** Formats cents as "12.34 EUR". */
export function formatPrice(cents: number, currency = 'EUR'): string {
  const whole = Math.floor(cents / 100);
  const rest = cents % 100;
  return `${whole}.${rest} ${currency}`;
}
