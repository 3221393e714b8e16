// Adding losses to a case: each record names a stored transfer and the victim who paid it.
// Good records are stored even when others in the batch are bad; a record already stored
// with the same victim is accepted again (idempotent), with another victim it is rejected.
import { ClawbackError, ERRORS, type ErrorCode, renderMessage } from '../errors/index.js';
import type { FieldProblem } from '../ledger/index.js';
import { asText, type Db } from '../store/index.js';
import type { Audit } from './audit-port.js';
import { caseCurrency, findCase } from './cases.js';
import type { Viewer } from './model.js';

export interface BatchOutcome {
  readonly accepted: number;
  readonly rejected: readonly { index: number; errors: readonly FieldProblem[] }[];
}

const FIELDS = ['transfer_id', 'victim'];
const MAX_ID = 200;

function problem(
  pointer: string,
  code: ErrorCode,
  params: Record<string, string | number> = {},
): FieldProblem {
  return { pointer, code, detail: renderMessage(code, params), status: ERRORS[code].status };
}

function checkLoss(v: unknown): { transferId: string; victim: string } | FieldProblem[] {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return [problem('', 'CB_E_BAD_TYPE', { expected: 'a JSON object {transfer_id, victim}' })];
  const rec = v as Record<string, unknown>;
  const out: FieldProblem[] = [];
  for (const k of Object.keys(rec))
    if (!FIELDS.includes(k))
      out.push(problem(`/${k}`, 'CB_E_UNKNOWN_FIELD', { allowed: FIELDS.join(', ') }));
  const text = (k: string): string | undefined => {
    const x = rec[k];
    if (x === undefined || x === null || x === '') out.push(problem(`/${k}`, 'CB_E_EMPTY_FIELD'));
    else if (typeof x !== 'string')
      out.push(problem(`/${k}`, 'CB_E_BAD_TYPE', { expected: 'a string' }));
    else if (x.length > MAX_ID)
      out.push(problem(`/${k}`, 'CB_E_BAD_TYPE', { expected: `at most ${MAX_ID} characters` }));
    else return x;
    return undefined;
  };
  const transferId = text('transfer_id');
  const victim = text('victim');
  if (out.length > 0 || transferId === undefined || victim === undefined) return out;
  return { transferId, victim };
}

export async function addLosses(
  db: Db,
  audit: Audit,
  viewer: Viewer,
  caseId: string,
  records: readonly unknown[],
): Promise<BatchOutcome> {
  return db.transaction(async (tx) => {
    await findCase(tx, viewer, caseId);
    if (viewer.role !== 'authority')
      throw new ClawbackError('CB_E_FORBIDDEN', {
        detail: 'only the authority of the case adds its losses',
      });
    const rejected: { index: number; errors: FieldProblem[] }[] = [];
    const good: { index: number; transferId: string; victim: string }[] = [];
    records.forEach((r, index) => {
      const c = checkLoss(r);
      if (Array.isArray(c)) rejected.push({ index, errors: c });
      else good.push({ index, ...c });
    });
    const ids = [...new Set(good.map((g) => g.transferId))];
    const known = new Map<string, string>();
    for (const r of await tx.query(
      'SELECT id, currency FROM transfers WHERE id = ANY($1::text[])',
      [ids],
    ))
      known.set(asText(r.id), asText(r.currency));
    const stored = new Map<string, string>();
    for (const r of await tx.query(
      'SELECT transfer_id, victim FROM losses WHERE case_id = $1 AND transfer_id = ANY($2::text[])',
      [caseId, ids],
    ))
      stored.set(asText(r.transfer_id), asText(r.victim));
    let caseCurrencyCode = (await caseCurrency(tx, caseId))?.code;
    const insert: { transferId: string; victim: string }[] = [];
    let accepted = 0;
    for (const g of good) {
      const cur = known.get(g.transferId);
      const before = stored.get(g.transferId);
      if (cur === undefined) {
        rejected.push({
          index: g.index,
          errors: [
            problem('/transfer_id', 'CB_E_UNKNOWN_TRANSFER', { file: 'the stored transfers' }),
          ],
        });
      } else if (before !== undefined && before !== g.victim) {
        rejected.push({
          index: g.index,
          errors: [problem('/transfer_id', 'CB_E_LOSS_CONFLICT', { victim: before })],
        });
      } else if (caseCurrencyCode !== undefined && cur !== caseCurrencyCode) {
        rejected.push({
          index: g.index,
          errors: [
            problem('/transfer_id', 'CB_E_MIXED_CURRENCY', {
              first: caseCurrencyCode,
              where: 'this case',
            }),
          ],
        });
      } else {
        caseCurrencyCode ??= cur;
        accepted++;
        if (before === undefined) {
          stored.set(g.transferId, g.victim);
          insert.push(g);
        }
      }
    }
    if (insert.length > 0) {
      await tx.query(
        `INSERT INTO losses (case_id, transfer_id, victim)
         SELECT $1, * FROM unnest($2::text[], $3::text[])`,
        [caseId, insert.map((i) => i.transferId), insert.map((i) => i.victim)],
      );
      await audit(tx, viewer, 'case.losses.add', caseId, {
        added: insert.length,
        transfers: insert.slice(0, 1000).map((i) => i.transferId),
      });
    }
    rejected.sort((a, b) => a.index - b.index);
    return { accepted, rejected };
  });
}
