// Sorting many items by a number without a comparator: the shared radix sort.
export { radixOrder } from './radix.js';
