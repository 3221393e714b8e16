// Reading inputs: files, stdin and gzip; CSV and NDJSON; byte-range records or string rows;
// JSON documents too big to be one string, as events.
// Writing big outputs as bytes.
export { ByteOut, chunksToString, EncodedList } from './bytes.js';
export { CsvTokenizer } from './csv.js';
export { type JsonContainer, type JsonEvents, JsonScanner, JsonSyntaxError } from './json-scan.js';
export { NdjsonSplitter } from './ndjson.js';
export {
  type DocumentMapping,
  type FlatRecord,
  isRecord,
  type ReadOptions,
  type RecordSink,
  readRecords,
} from './records.js';
export {
  formatFromName,
  type InputSource,
  openSource,
  type RecordFormat,
  sniffFormat,
} from './source.js';
export { readTable, type TableRow, type TableSpec } from './table.js';
