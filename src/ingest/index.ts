// Ingest: validated transfers (CSV, NDJSON, ISO 20022 pacs.008) as typed columns.
export { IdColumn } from './ids.js';
export { Interner } from './interner.js';
export { type Pacs008Problem, type Pacs008Transfer, pacs008ToTransfers } from './pacs008.js';
export { LineNumbers } from './rows.js';
export {
  isPacs008Name,
  type LoadTransfersOptions,
  loadTransfers,
  type TransferColumns,
  type TransfersFormat,
} from './transfers.js';
