// One batch of stream messages: read every payload, store all good transfers in ONE
// transaction, and only after the commit settle each message: ack the clean ones, dead-letter
// then terminate the ones with bad records or conflicts. A failed transaction naks the whole
// batch (with a delay), so the server delivers it again; storing is idempotent by id.
import { renderMessage } from '../errors/index.js';
import { insertTransfers, type LedgerTransfer } from '../ledger/index.js';
import type { Currency } from '../money/index.js';
import type { Db } from '../store/index.js';
import { type MessageProblem, readPayload } from './payload.js';

/** What the batch needs of a JetStream message (JsMsg has it; tests may pass fakes). */
export interface InboundMessage {
  readonly subject: string;
  readonly seq: number;
  readonly data: Uint8Array;
  ack(): void;
  nak(millis?: number): void;
  term(reason?: string): void;
}

/** What goes to the dead-letter subject for a rejected message. */
export interface DeadLetterRecord {
  readonly subject: string;
  /** Stream sequence of the message. */
  readonly seq: number;
  readonly errors: readonly MessageProblem[];
  /** The payload as text (invalid UTF-8 replaced), for a person to read and fix. */
  readonly payload: string;
}

export type DeadLetterSink = (record: DeadLetterRecord) => Promise<void>;

/** Counts for one batch, for logs and metrics. */
export interface BatchReport {
  /** Messages in the batch. */
  readonly messages: number;
  /** Transfer records read from them (good and bad). */
  readonly received: number;
  /** Newly stored. */
  readonly stored: number;
  /** Already stored with the same content (a redelivery): not stored again. */
  readonly replayed: number;
  /** Records rejected (invalid, or a conflict with a stored transfer). */
  readonly rejected: number;
  /** Messages sent to the dead-letter subject and terminated. */
  readonly deadLettered: number;
  /** Messages given back to the server for a later retry (database or dead-letter failure). */
  readonly retried: number;
  /** True when the transaction failed and the whole batch was nak'ed. */
  readonly failed: boolean;
  readonly ms: number;
}

export interface BatchContext {
  readonly db: Db;
  readonly currency: Currency;
  readonly deadLetter: DeadLetterSink;
  /** Delay before the server redelivers a nak'ed message, ms. */
  readonly retryDelayMs: number;
}

const lenient = new TextDecoder('utf-8');

/** Processes one batch; throws only on programming errors. Returns its counts and any DB error. */
export async function processBatch(
  messages: readonly InboundMessage[],
  ctx: BatchContext,
): Promise<{ report: BatchReport; error?: unknown }> {
  const started = performance.now();
  const problems: MessageProblem[][] = messages.map(() => []);
  const all: LedgerTransfer[] = [];
  const owner: Array<{ msg: number; line: number }> = [];
  let received = 0;
  messages.forEach((m, i) => {
    const read = readPayload(m.data, ctx.currency);
    for (const t of read.transfers) {
      all.push(t.value);
      owner.push({ msg: i, line: t.line });
    }
    problems[i]?.push(...read.problems);
    received += read.transfers.length + new Set(read.problems.map((p) => p.line)).size;
  });

  let outcome: Awaited<ReturnType<typeof insertTransfers>>;
  try {
    outcome = await ctx.db.transaction((tx) => insertTransfers(tx, all, 'nats'));
  } catch (error) {
    for (const m of messages) m.nak(ctx.retryDelayMs);
    const ms = performance.now() - started;
    const report = {
      ...zero(messages.length, received, ms),
      retried: messages.length,
      failed: true,
    };
    return { report, error };
  }

  for (const [index, field] of outcome.conflicts) {
    const o = owner[index];
    if (o === undefined) continue;
    problems[o.msg]?.push({
      line: o.line,
      pointer: `/${field}`,
      code: 'CB_E_TRANSFER_CONFLICT',
      detail: renderMessage('CB_E_TRANSFER_CONFLICT', { field }),
    });
  }

  // Committed: the clean messages are done.
  const rejectedMessages: number[] = [];
  let rejected = 0;
  messages.forEach((m, i) => {
    const list = problems[i] ?? [];
    if (list.length === 0) m.ack();
    else {
      rejectedMessages.push(i);
      rejected += new Set(list.map((p) => p.line)).size;
    }
  });

  // A rejected message is terminated only once its dead letter is safely published;
  // if that fails it comes again later (its good records are already stored: a replay).
  const settled = await Promise.allSettled(
    rejectedMessages.map((i) => {
      const m = messages[i] as InboundMessage;
      return ctx.deadLetter({
        subject: m.subject,
        seq: m.seq,
        errors: problems[i] ?? [],
        payload: lenient.decode(m.data),
      });
    }),
  );
  let deadLettered = 0;
  let retried = 0;
  settled.forEach((s, k) => {
    const m = messages[rejectedMessages[k] ?? -1];
    if (m === undefined) return;
    if (s.status === 'fulfilled') {
      const first = problems[rejectedMessages[k] ?? -1]?.[0];
      m.term(first === undefined ? 'rejected' : `${first.code} ${first.pointer}`);
      deadLettered++;
    } else {
      m.nak(ctx.retryDelayMs);
      retried++;
    }
  });
  const error = settled.find((s) => s.status === 'rejected')?.reason;
  return {
    report: {
      messages: messages.length,
      received,
      stored: outcome.inserted,
      replayed: outcome.replayed,
      rejected,
      deadLettered,
      retried,
      failed: false,
      ms: performance.now() - started,
    },
    ...(error === undefined ? {} : { error }),
  };
}

function zero(messages: number, received: number, ms: number): BatchReport {
  return {
    messages,
    received,
    stored: 0,
    replayed: 0,
    rejected: 0,
    deadLettered: 0,
    retried: 0,
    failed: false,
    ms,
  };
}
