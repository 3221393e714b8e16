// Time: ISO 8601 with offset in, epoch milliseconds inside, ISO 8601 UTC out.

export { FixedTimestamps } from './fixed.js';
export {
  formatTimestamp,
  parseTimestamp,
  parseTimestampBytes,
  type TimestampResult,
} from './timestamp.js';
