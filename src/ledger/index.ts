// The ledger: transfers and account facts arriving over HTTP or a stream, validated one
// record at a time and stored idempotently.
export {
  amountText,
  type Checked,
  checkAccount,
  checkTransfer,
  type FieldProblem,
  type LedgerAccount,
  type LedgerTransfer,
} from './records.js';
export {
  insertTransfers,
  type StoreOutcome,
  type TransferSource,
  transferFromRow,
  upsertAccounts,
} from './store.js';
