// Cases: losses, traces over the stored transfers, and returns of frozen money.
export type { Audit } from './audit-port.js';
export { caseCurrency, createCase, findCase, iso, listCases, newId, scoped } from './cases.js';
export { addLosses, type BatchOutcome } from './losses.js';
export { type CaseRecord, caseScope, type Role, type Viewer } from './model.js';
export {
  act,
  findOrder,
  holdsOnAccount,
  issue,
  listOrders,
  type OrderFilter,
  principalOf,
  sweepExpired,
} from './orders.js';
export { queryOrderData } from './query.js';
export {
  approveReturn,
  createReturn,
  findReturn,
  type ReturnRecord,
  type ReturnRequest,
  returnStatement,
} from './returns.js';
export { findTrace, type StoredTrace, type TraceRequest, traceCase } from './trace.js';
