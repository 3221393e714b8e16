// Versioned SQL migrations, the same for PGlite and PostgreSQL. Append new versions at the
// end; never edit one that has shipped (a database remembers which versions it ran).

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const INIT = `
CREATE TABLE tokens (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  role        text NOT NULL CHECK (role IN ('authority', 'institution', 'auditor', 'admin')),
  institution text,
  unit        text,
  token_hash  text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz,
  CHECK ((role = 'institution') = (institution IS NOT NULL)),
  CHECK ((role = 'authority') = (unit IS NOT NULL))
);

CREATE TABLE accounts (
  account         text PRIMARY KEY,
  kind            text NOT NULL DEFAULT 'bank',
  institution     text,
  opening_balance bigint NOT NULL DEFAULT 0 CHECK (opening_balance >= 0),
  currency        text,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX accounts_institution ON accounts (institution);

-- seq is the order of arrival: ties in time are broken by it (design: time, then input order).
CREATE TABLE transfers (
  seq          bigserial NOT NULL UNIQUE,
  id           text PRIMARY KEY,
  ts           text NOT NULL,
  ts_ms        bigint NOT NULL,
  from_account text NOT NULL,
  to_account   text NOT NULL,
  amount       bigint NOT NULL CHECK (amount > 0),
  currency     text NOT NULL,
  channel      text,
  device       text,
  source       text NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (from_account <> to_account)
);
CREATE INDEX transfers_from ON transfers (from_account);
CREATE INDEX transfers_to ON transfers (to_account);

CREATE TABLE cases (
  id         text PRIMARY KEY,
  title      text NOT NULL,
  unit       text NOT NULL,
  created_by text NOT NULL REFERENCES tokens (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_unit ON cases (unit);

CREATE TABLE losses (
  case_id     text NOT NULL REFERENCES cases (id),
  transfer_id text NOT NULL REFERENCES transfers (id),
  victim      text NOT NULL,
  added_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, transfer_id)
);

CREATE TABLE traces (
  id              text PRIMARY KEY,
  case_id         text NOT NULL REFERENCES cases (id),
  rule            text NOT NULL,
  as_of           text,
  currency        text NOT NULL,
  transfers_seen  bigint NOT NULL,
  transfers_upto  bigint NOT NULL,
  losses_digest   text NOT NULL,
  accounts_digest text NOT NULL,
  document        text NOT NULL,
  created_by      text NOT NULL REFERENCES tokens (id),
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX traces_case ON traces (case_id);

CREATE TABLE orders (
  id          text PRIMARY KEY,
  case_id     text NOT NULL REFERENCES cases (id),
  kind        text NOT NULL,
  account     text NOT NULL,
  institution text NOT NULL,
  state       text NOT NULL,
  expires_at  bigint,
  body        jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_case ON orders (case_id);
CREATE INDEX orders_institution ON orders (institution);
CREATE INDEX orders_account ON orders (account);

CREATE TABLE returns (
  id         text PRIMARY KEY,
  case_id    text NOT NULL REFERENCES cases (id),
  method     text NOT NULL,
  trace_id   text REFERENCES traces (id),
  request    jsonb NOT NULL,
  result     jsonb NOT NULL,
  created_by text NOT NULL REFERENCES tokens (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX returns_case ON returns (case_id);

-- Append-only, hash-chained: each entry carries the hash of the one before it.
CREATE TABLE audit (
  seq       bigint PRIMARY KEY,
  at        text NOT NULL,
  actor     text NOT NULL,
  action    text NOT NULL,
  subject   text NOT NULL,
  detail    text NOT NULL,
  prev_hash text NOT NULL,
  hash      text NOT NULL
);
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit log is append-only';
END $$;
CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
`;

// The head of the audit chain: the last entry's seq and hash, updated in the same transaction
// as every append, so deleting the newest entries is seen (a gap at the end leaves no trace
// in the chain itself). Started from whatever the log holds when this runs.
const AUDIT_HEAD = `
CREATE TABLE audit_head (
  id   integer PRIMARY KEY CHECK (id = 1),
  seq  bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1,
  COALESCE((SELECT seq FROM audit ORDER BY seq DESC LIMIT 1), 0),
  COALESCE((SELECT hash FROM audit ORDER BY seq DESC LIMIT 1), repeat('0', 64)));
CREATE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.seq = OLD.seq + 1 THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit head only moves forward, one entry at a time';
END $$;
CREATE TRIGGER audit_head_no_change BEFORE UPDATE OR DELETE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
  FOR EACH STATEMENT EXECUTE FUNCTION audit_head_forward_only();
CREATE INDEX audit_subject ON audit (subject, seq);
`;

// A computed return is a proposal until the authority approves it; only an approved return
// decision may back a return order (orders.md).
const RETURN_APPROVAL = `
ALTER TABLE returns ADD COLUMN approved_at timestamptz;
ALTER TABLE returns ADD COLUMN approved_by text REFERENCES tokens (id);
`;

// A trace document is stored as it is written, in numbered parts of at most 1 MiB: a big
// case's document (gigabytes) is more than one text value (1 GB) or one JavaScript string
// (512 MB) can hold. Documents stored whole before are moved into parts here; `document`
// stays, nullable, for a row an older process writes while both run.
const TRACE_PARTS = `
CREATE TABLE trace_parts (
  trace_id text NOT NULL REFERENCES traces (id),
  seq      integer NOT NULL CHECK (seq >= 0),
  bytes    bytea NOT NULL,
  PRIMARY KEY (trace_id, seq)
);
ALTER TABLE traces ADD COLUMN document_bytes bigint CHECK (document_bytes >= 0);
ALTER TABLE traces ALTER COLUMN document DROP NOT NULL;
DO $$
DECLARE
  t record;
  b bytea;
BEGIN
  FOR t IN SELECT id FROM traces WHERE document IS NOT NULL LOOP
    SELECT convert_to(document, 'UTF8') INTO b FROM traces WHERE id = t.id;
    FOR n IN 0 .. (length(b) - 1) / 1048576 LOOP
      INSERT INTO trace_parts (trace_id, seq, bytes)
        VALUES (t.id, n, substring(b FROM n * 1048576 + 1 FOR 1048576));
    END LOOP;
    UPDATE traces SET document_bytes = length(b), document = NULL WHERE id = t.id;
  END LOOP;
END $$;
`;

export const MIGRATIONS: readonly Migration[] = Object.freeze([
  { version: 1, name: 'init', sql: INIT },
  { version: 2, name: 'audit head', sql: AUDIT_HEAD },
  { version: 3, name: 'return approval', sql: RETURN_APPROVAL },
  { version: 4, name: 'trace parts', sql: TRACE_PARTS },
]);
