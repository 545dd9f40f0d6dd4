export { parsePrice, formatPrice } from './money';
export { paginate } from './paginate';
export { RateLimiter } from './rate-limiter';
