export interface Product {
  id: number;
  name: string;
  cents: number;
}

const PRODUCTS: Product[] = [
  { id: 1, name: 'Coffee beans', cents: 1299 },
  { id: 2, name: 'Tea leaves', cents: 899 },
  { id: 3, name: 'Hot chocolate', cents: 505 },
];

/** Products whose name matches `query` (a search box: users type plain words). */
export function findProducts(query: string): Product[] {
  const pattern = new RegExp(query, 'i');
  return PRODUCTS.filter((p) => pattern.test(p.name));
}
