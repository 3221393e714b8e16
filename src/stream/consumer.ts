// The JetStream transfer consumer: a durable pull consumer whose messages are gathered into
// batches, each stored in one transaction and acknowledged only after its commit.
// Delivery is at least once; storage is idempotent by transfer id, so the effect is exactly once.
import { type Consumer, type JsMsg, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { ClawbackError } from '../errors/index.js';
import { type Currency, currencyOf } from '../money/index.js';
import type { Db } from '../store/index.js';
import { type BatchReport, type DeadLetterRecord, processBatch } from './batch.js';
import { ensureConsumer } from './setup.js';

/** The logging the consumer does (pino's methods have this shape). */
export interface StreamLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface TransferConsumerOptions {
  readonly db: Db;
  /** NATS server URL(s), comma separated: `nats://127.0.0.1:4222`. */
  readonly natsUrl: string;
  /** Stream capturing the transfers (created with file storage if missing). */
  readonly stream: string;
  /** Subject (wildcards allowed) the stream captures and the consumer filters on. */
  readonly subject: string;
  /** Durable consumer name: the position survives restarts and is shared by replicas. */
  readonly durable: string;
  /** Currency of records that name none (ISO 4217). */
  readonly currency: string;
  /** Most messages per transaction. Default 2000. */
  readonly batch?: number;
  /** Batches written at the same time (PostgreSQL; PGlite serialises them). Default 4. */
  readonly concurrency?: number;
  /** How long a part-filled batch waits for more messages, ms. Default 20. */
  readonly lingerMs?: number;
  /**
   * Pull requests open at once, each for up to `batch` messages. Two keep messages flowing
   * while the server processes the acks of the last. Default 2.
   */
  readonly pullRequests?: number;
  /**
   * How long one pull request waits for messages, ms (the server's minimum is 1000). Also the
   * longest `stop()` waits for the last request to end. Default 1000.
   */
  readonly fetchExpiresMs?: number;
  /** Where rejected messages go. Default `clawback.rejected.transfers`. */
  readonly deadLetterSubject?: string;
  /** Stream keeping the dead letters. Default `<stream>_REJECTED`. */
  readonly deadLetterStream?: string;
  /** Redelivery delay after a database failure, ms. Default 2000. */
  readonly retryDelayMs?: number;
  /** Server-side ack wait, ms. Default 30000. */
  readonly ackWaitMs?: number;
  /** Unacknowledged messages the server hands out at once. Default batch × (concurrency + pullRequests). */
  readonly maxAckPending?: number;
  readonly logger?: StreamLogger;
  /** Called after every batch (committed or failed), e.g. to feed metrics. */
  readonly onBatch?: (report: BatchReport) => void;
}

/** Running totals since start. */
export interface ConsumerStats {
  batches: number;
  failedBatches: number;
  messages: number;
  received: number;
  stored: number;
  replayed: number;
  rejected: number;
  deadLettered: number;
  retried: number;
}

export interface TransferConsumer {
  readonly stats: Readonly<ConsumerStats>;
  /** Stops fetching, finishes the batches in hand (commit, ack), gives back the rest, drains. */
  stop(): Promise<void>;
}

/** Wakes everyone waiting on it; a wait also ends after its timeout. */
class Signal {
  #waiters: Array<() => void> = [];
  fire(): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }
  wait(ms: number): Promise<void> {
    return new Promise((done) => {
      const t = setTimeout(done, ms);
      this.#waiters.push(() => {
        clearTimeout(t);
        done();
      });
    });
  }
}

const silent: StreamLogger = { info() {}, warn() {}, error() {} };

function positive(name: string, v: number | undefined, fallback: number, max: number): number {
  if (v === undefined) return fallback;
  if (!Number.isInteger(v) || v < 1 || v > max)
    throw new ClawbackError('CB_E_CONFIG', {
      field: name,
      detail: `${v}: expected a whole number from 1 to ${max}`,
    });
  return v;
}

/**
 * Starts consuming transfers; resolves once the stream and durable consumer exist and
 * fetching has begun.
 *
 * @example
 * const c = await startTransferConsumer({ db, natsUrl: 'nats://127.0.0.1:4222',
 *   stream: 'CLAWBACK_TRANSFERS', subject: 'clawback.transfers.>', durable: 'clawback-ingest',
 *   currency: 'CNY', onBatch: (r) => metrics.observe(r) });
 * // ... on SIGTERM:
 * await c.stop();
 */
export async function startTransferConsumer(
  options: TransferConsumerOptions,
): Promise<TransferConsumer> {
  const known = currencyOf(options.currency);
  if (known === undefined)
    throw new ClawbackError('CB_E_CONFIG', {
      field: 'currency',
      detail: `"${options.currency}" is not an ISO 4217 code`,
    });
  const currency: Currency = known;
  const batch = positive('batch', options.batch, 2000, 100_000);
  const concurrency = positive('concurrency', options.concurrency, 4, 64);
  const lingerMs = options.lingerMs ?? 20;
  const pullRequests = positive('pullRequests', options.pullRequests, 2, 16);
  const fetchExpiresMs = positive('fetchExpiresMs', options.fetchExpiresMs, 1000, 60_000);
  const retryDelayMs = options.retryDelayMs ?? 2000;
  const log = options.logger ?? silent;
  const deadLetterSubject = options.deadLetterSubject ?? 'clawback.rejected.transfers';
  const setup = {
    stream: options.stream,
    subject: options.subject,
    durable: options.durable,
    deadLetterStream: options.deadLetterStream ?? `${options.stream}_REJECTED`,
    deadLetterSubject,
    ackWaitMs: positive('ackWaitMs', options.ackWaitMs, 30_000, 3_600_000),
    maxAckPending: positive(
      'maxAckPending',
      options.maxAckPending,
      batch * (concurrency + pullRequests),
      1_000_000,
    ),
  };

  const stats: ConsumerStats = {
    batches: 0,
    failedBatches: 0,
    messages: 0,
    received: 0,
    stored: 0,
    replayed: 0,
    rejected: 0,
    deadLettered: 0,
    retried: 0,
  };
  const queue: JsMsg[] = [];
  let stopping = false;
  const work = new Signal(); // messages arrived, or stopping
  const room = new Signal(); // the queue has room for another fetch, or stopping
  const wakeAll = () => work.fire();
  const sleep = (ms: number) => work.wait(ms);

  function accept(m: JsMsg): void {
    if (stopping) {
      m.nak(); // part of the last fetch, arriving after stop: give it straight back
      return;
    }
    queue.push(m);
    if (queue.length === 1 || queue.length >= batch) wakeAll();
  }

  const nc = await connect({
    servers: options.natsUrl.split(',').map((s) => s.trim()),
    name: `clawback-ingest ${options.durable}`,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
  });
  let consumer: Consumer;
  try {
    await ensureConsumer(await jetstreamManager(nc), setup);
    consumer = await jetstream(nc).consumers.get(setup.stream, setup.durable);
  } catch (e) {
    await nc.close();
    throw e;
  }
  const js = jetstream(nc);
  const encoder = new TextEncoder();
  const deadLetter = async (r: DeadLetterRecord) => {
    await js.publish(deadLetterSubject, encoder.encode(JSON.stringify(r)));
  };

  // Each pull request (fetch) runs to its end: a request abandoned midway would
  // leave the messages the server already sent it unacknowledged until the ack wait expires.
  // Messages are handed to the workers as they arrive, so a fetch's expiry adds no latency.
  async function fetcher(): Promise<void> {
    while (!stopping) {
      if (queue.length >= batch * concurrency) {
        await room.wait(1000);
        continue;
      }
      try {
        const it = await consumer.fetch({ max_messages: batch, expires: fetchExpiresMs });
        for await (const m of it) accept(m);
      } catch (e) {
        if (stopping) break;
        log.warn({ err: e }, 'nats ingest: fetch failed, retrying');
        await room.wait(1000);
      }
    }
  }

  async function worker(): Promise<void> {
    while (!stopping) {
      if (queue.length === 0) {
        await sleep(60_000);
        continue;
      }
      if (queue.length < batch) await sleep(lingerMs);
      if (stopping || queue.length === 0) continue;
      const taken = queue.splice(0, batch);
      room.fire();
      if (queue.length > 0) wakeAll(); // another worker can start on the rest
      const { report, error } = await processBatch(taken, {
        db: options.db,
        currency,
        deadLetter,
        retryDelayMs,
      });
      stats.batches++;
      if (report.failed) stats.failedBatches++;
      stats.messages += report.messages;
      stats.received += report.received;
      stats.stored += report.stored;
      stats.replayed += report.replayed;
      stats.rejected += report.rejected;
      stats.deadLettered += report.deadLettered;
      stats.retried += report.retried;
      if (error !== undefined)
        log.error(
          { err: error, messages: report.messages, failed: report.failed },
          report.failed
            ? 'nats ingest: batch not stored, will be redelivered'
            : 'nats ingest: dead letter not published, will be retried',
        );
      try {
        options.onBatch?.(report);
      } catch (e) {
        log.warn({ err: e }, 'nats ingest: onBatch threw');
      }
      // Do not hammer a database that is down (the nak'ed batch comes back after the delay).
      if (report.failed) await new Promise((done) => setTimeout(done, retryDelayMs));
    }
  }

  const workers = Array.from({ length: concurrency }, () => worker());
  const fetching = Promise.all(Array.from({ length: pullRequests }, () => fetcher()));
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect' || s.type === 'reconnect')
        log.warn(
          { event: s.type, server: 'server' in s ? s.server : undefined },
          'nats ingest: connection',
        );
    }
  })();
  log.info(
    { stream: setup.stream, subject: setup.subject, durable: setup.durable },
    'nats ingest: started',
  );

  let stopped: Promise<void> | undefined;
  return {
    stats,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        wakeAll();
        room.fire();
        await Promise.all(workers); // the batches in hand are committed and acked
        for (const m of queue.splice(0)) m.nak(); // not started: redelivered at once, elsewhere
        await fetching; // the last fetch ends (at most its expiry); what it brings is nak'ed
        await nc.drain(); // flushes the acks and naks
        log.info({ ...stats }, 'nats ingest: stopped');
      })();
      return stopped;
    },
  };
}
