// Publishing transfers into JetStream, for tests, benchmarks and feeding a stream by hand:
// each record is one message, published with asynchronous acks and a bounded number in flight.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { ensureStream } from './setup.js';

export interface PublishOptions {
  /** Create this stream (capturing `subject`) first when it is missing. */
  readonly stream?: string;
  /** Publishes awaiting their ack at once. Default 2000. */
  readonly maxInFlight?: number;
}

export interface PublishResult {
  readonly published: number;
  readonly ms: number;
}

const encoder = new TextEncoder();

function payloadOf(r: unknown): Uint8Array {
  if (r instanceof Uint8Array) return r;
  return encoder.encode(typeof r === 'string' ? r : JSON.stringify(r));
}

/**
 * Publishes each record as one message on `subject` and waits for every JetStream ack.
 * A record that is a string or bytes is sent as it is (an NDJSON payload, or a bad one in a
 * test); anything else as its JSON text.
 *
 * @example
 * await publishTransfers('nats://127.0.0.1:4222', 'clawback.transfers.bank1',
 *   [{ id: 'T1', ts: '2024-03-01T10:00:00+08:00', from: 'A', to: 'B', amount: '12.50' }]);
 */
export async function publishTransfers(
  natsUrl: string,
  subject: string,
  records: Iterable<unknown>,
  options: PublishOptions = {},
): Promise<PublishResult> {
  const started = performance.now();
  const nc = await connect({ servers: natsUrl.split(',').map((s) => s.trim()) });
  try {
    if (options.stream !== undefined)
      await ensureStream(await jetstreamManager(nc), options.stream, subject);
    const js = jetstream(nc);
    const limit = options.maxInFlight ?? 2000;
    let inFlight = 0;
    let published = 0;
    let failure: unknown;
    let wake: (() => void) | undefined;
    const settle = () => {
      inFlight--;
      const w = wake;
      wake = undefined;
      w?.();
    };
    for (const r of records) {
      while (inFlight >= limit) await new Promise<void>((done) => (wake = done));
      if (failure !== undefined) break;
      inFlight++;
      js.publish(subject, payloadOf(r)).then(
        () => {
          published++;
          settle();
        },
        (e: unknown) => {
          failure ??= e;
          settle();
        },
      );
    }
    while (inFlight > 0) await new Promise<void>((done) => (wake = done));
    if (failure !== undefined) throw failure;
    return { published, ms: performance.now() - started };
  } finally {
    await nc.drain();
  }
}
