export interface Page<T> {
  items: T[];
  page: number;
  pageCount: number;
}

/** Returns page `page` (1-based) of `items`, `size` items per page. */
export function paginate<T>(items: T[], page: number, size: number): Page<T> {
  const pageCount = Math.floor(items.length / size);
  const start = page * size;
  return { items: items.slice(start, start + size), page, pageCount };
}
