import { formatPrice, parsePrice } from './money';

describe('money', () => {
  it('parses a price with a dot', () => {
    expect(parsePrice('12.50')).toBe(1250);
  });

  it('formats whole amounts', () => {
    expect(formatPrice(1250)).toBe('12.50 EUR');
  });
});
