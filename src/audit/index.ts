// The hash-chained, append-only audit log (docs/audit.md): append inside a transaction,
// verify the whole chain, read pages of it.
export { canonicalJson, type JsonObject, type JsonValue } from './canonical.js';
export {
  type AuditHead,
  type AuditRow,
  type Break,
  ChainWalk,
  entryHash,
  GENESIS_HASH,
  type Problem,
} from './chain.js';
export {
  type Appended,
  type AuditEntry,
  type AuditInput,
  appendAudit,
  type ListOptions,
  listAudit,
  readHead,
  type Verification,
  type VerifyOptions,
  verifyAudit,
} from './log.js';
