// The one catalogue of coded errors: every code, its HTTP status, CLI exit status and
// message template. Codes are never reused; add new ones at the end of their group.

export const ERRORS = {
  // usage and environment
  CB_E_USAGE: { status: 400, exit: 2, message: 'usage: {detail}' },
  CB_E_FILE: { status: 400, exit: 2, message: 'cannot read {file}: {detail}' },
  CB_E_OUTPUT: { status: 500, exit: 2, message: 'cannot write {file}: {detail}' },
  // file structure
  CB_E_EMPTY_INPUT: { status: 400, exit: 2, message: 'empty input: no header row' },
  CB_E_MISSING_COLUMN: { status: 400, exit: 2, message: 'missing required column "{column}"' },
  CB_E_MALFORMED_CSV: { status: 400, exit: 2, message: 'malformed CSV: {detail}' },
  CB_E_MALFORMED_JSON: { status: 400, exit: 2, message: 'malformed JSON: {detail}' },
  CB_E_FIELD_COUNT: { status: 400, exit: 2, message: 'expected {expected} fields, found {found}' },
  // field values
  CB_E_EMPTY_FIELD: { status: 400, exit: 2, message: 'must not be empty' },
  CB_E_BAD_TYPE: { status: 400, exit: 2, message: 'must be {expected}' },
  CB_E_BAD_TIMESTAMP: { status: 400, exit: 2, message: '{detail}' },
  CB_E_BAD_AMOUNT: { status: 400, exit: 2, message: '{detail}' },
  CB_E_NONPOSITIVE_AMOUNT: { status: 400, exit: 2, message: 'amount must be positive' },
  CB_E_TOO_MANY_DECIMALS: {
    status: 400,
    exit: 2,
    message: '{currency} has {digits} decimal places',
  },
  CB_E_UNKNOWN_CURRENCY: { status: 400, exit: 2, message: 'unknown ISO 4217 currency' },
  CB_E_MIXED_CURRENCY: {
    status: 400,
    exit: 2,
    message: 'currency differs from {first} (first seen at {where}): one trace, one currency',
  },
  CB_E_BAD_KIND: {
    status: 400,
    exit: 2,
    message: 'unknown account kind; expected one of {expected}',
  },
  // references and uniqueness
  CB_E_DUPLICATE_TRANSFER: {
    status: 409,
    exit: 2,
    message: 'duplicate transfer id (first at line {first})',
  },
  CB_E_DUPLICATE_LOSS: {
    status: 409,
    exit: 2,
    message: 'transfer already listed as a loss (line {first})',
  },
  CB_E_DUPLICATE_ACCOUNT: {
    status: 409,
    exit: 2,
    message: 'account listed twice (first at line {first})',
  },
  CB_E_UNKNOWN_TRANSFER: { status: 422, exit: 2, message: 'no such transfer id in {file}' },
  CB_E_SELF_TRANSFER: { status: 422, exit: 2, message: 'transfer from an account to itself' },
  // documents
  CB_E_BAD_DOCUMENT: { status: 400, exit: 2, message: '{detail}' },
  CB_E_CURRENCY_MISMATCH: { status: 422, exit: 2, message: '{detail}' },
  CB_E_DUPLICATE_VICTIM: {
    status: 409,
    exit: 2,
    message: 'victim listed twice (first at line {first})',
  },
  // failures that are ours
  CB_E_INTERNAL: { status: 500, exit: 1, message: 'internal error: {detail}' },
  // restitution
  CB_E_NEGATIVE_AMOUNT: { status: 400, exit: 2, message: 'must not be negative' },
  CB_E_UNKNOWN_VICTIM: { status: 422, exit: 2, message: '{detail}' },
  CB_E_TRACE_WITHOUT_AMOUNTS: {
    status: 422,
    exit: 2,
    message:
      'a {rule} trace names victims but no amounts; run clawback trace with an amount rule (fifo, lifo, pro_rata, clean_first, dirty_first)',
  },
  CB_E_TOTAL_TOO_LARGE: {
    status: 422,
    exit: 2,
    message: '{what} above the supported maximum {max}',
  },
  // simulation
  CB_E_OUTPUT_EXISTS: {
    status: 409,
    exit: 2,
    message: '{file} exists and is not empty; add --force to overwrite the files in it',
  },
  // orders between authorities and institutions (orders.md)
  CB_E_ORDER_LIMITS: { status: 400, exit: 2, message: 'order limit {field}: {detail}' },
  CB_E_ORDER_KIND: {
    status: 400,
    exit: 2,
    message: 'unknown order kind; expected one of {expected}',
  },
  CB_E_ORDER_INPUT: { status: 400, exit: 2, message: '{detail}' },
  CB_E_ORDER_DUPLICATE: { status: 409, exit: 2, message: 'order {id} already exists' },
  CB_E_ORDER_LIMIT_REACHED: {
    status: 409,
    exit: 2,
    message:
      'account {account} already has {count} stop-payment orders in case {caseId}; the limit is {max}',
  },
  CB_E_ORDER_TARGET: { status: 422, exit: 2, message: 'target order {target}: {detail}' },
  CB_E_ORDER_DECISION: { status: 422, exit: 2, message: 'return decision {decision}: {detail}' },
  CB_E_ORDER_AMOUNT_EXCEEDS: {
    status: 422,
    exit: 2,
    message: '{what} {amount} is more than {limit} ({why})',
  },
  CB_E_ORDER_TRANSITION: {
    status: 409,
    exit: 2,
    message: 'cannot {action} {kind} order {id} in state {state}: {why}',
  },
  CB_E_ORDER_LAPSED: {
    status: 409,
    exit: 2,
    message: 'cannot {action} {kind} order {id}: it lapsed at {at}',
  },
  CB_E_ORDER_FORBIDDEN: { status: 403, exit: 2, message: '{detail}' },
  // the service (HTTP API, stream ingest)
  CB_E_UNKNOWN_FIELD: { status: 400, exit: 2, message: 'unknown field; allowed: {allowed}' },
  CB_E_TRANSFER_CONFLICT: {
    status: 409,
    exit: 2,
    message: 'transfer id already stored with different content ({field} differs)',
  },
  CB_E_UNAUTHENTICATED: {
    status: 401,
    exit: 2,
    message: 'missing or unknown bearer token',
  },
  CB_E_FORBIDDEN: { status: 403, exit: 2, message: '{detail}' },
  CB_E_NOT_FOUND: { status: 404, exit: 2, message: '{what} not found' },
  CB_E_RATE_LIMITED: { status: 429, exit: 2, message: 'rate limit reached; retry in {after}' },
  CB_E_BODY_TOO_LARGE: { status: 413, exit: 2, message: 'request body above {limit} bytes' },
  CB_E_UNSUPPORTED_MEDIA: {
    status: 415,
    exit: 2,
    message: 'unsupported content type {type}; use application/json or application/x-ndjson',
  },
  CB_E_CONFIG: { status: 500, exit: 2, message: 'configuration {field}: {detail}' },
  CB_E_UNAVAILABLE: { status: 503, exit: 1, message: '{detail}' },
  CB_E_LOSS_CONFLICT: {
    status: 409,
    exit: 2,
    message: 'transfer is already the loss of victim {victim} in this case',
  },
  CB_E_CASE_EMPTY: { status: 422, exit: 2, message: '{detail}' },
  CB_E_WRONG_INSTITUTION: {
    status: 422,
    exit: 2,
    message:
      'account {account} is held by {holder}, not {institution}: address the order to {holder}',
  },
  // API tokens, the data directory lock and the audit log (issue 5)
  CB_E_TOKEN_SPEC: { status: 400, exit: 2, message: '{detail}' },
  CB_E_DATA_LOCKED: {
    status: 409,
    exit: 2,
    message:
      'data directory {dir} is in use by process {pid} (clawback serve?): only one process may open it; stop the server first, or use the admin API of the running server',
  },
  CB_E_AUDIT_BROKEN: {
    status: 500,
    exit: 2,
    message: 'audit log broken at entry {seq}{action}: {reason}',
  },
} as const satisfies Record<string, { status: number; exit: 0 | 1 | 2; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** Fills `{name}` placeholders of a code's template; unknown placeholders stay visible. */
export function renderMessage(
  code: ErrorCode,
  params: Readonly<Record<string, string | number>>,
): string {
  return ERRORS[code].message.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}
