// NATS for tests: the real server on 127.0.0.1:4222 (CLAWBACK_TEST_NATS to change), with a
// uniquely named stream, subjects and durable per test, deleted afterwards. In CI (CI=true) an
// unreachable server is a failure; elsewhere its tests are skipped with a message.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

export const NATS_URL = process.env.CLAWBACK_TEST_NATS ?? 'nats://127.0.0.1:4222';

let reachable: Promise<boolean> | undefined;

export function natsReachable(): Promise<boolean> {
  reachable ??= (async () => {
    try {
      const nc = await connect({ servers: NATS_URL, timeout: 2000, maxReconnectAttempts: 0 });
      await (await jetstreamManager(nc)).getAccountInfo();
      await nc.close();
      return true;
    } catch (e) {
      if (process.env.CI === 'true')
        throw new Error(`CI=true but NATS JetStream is not reachable at ${NATS_URL}: ${e}`);
      console.warn(`NATS JetStream not reachable at ${NATS_URL}: the stream tests are skipped`);
      return false;
    }
  })();
  return reachable;
}

export interface TestNames {
  readonly stream: string;
  readonly deadLetterStream: string;
  /** What the consumer filters on. */
  readonly subject: string;
  /** One concrete subject under it to publish on. */
  readonly publishOn: string;
  readonly deadLetterSubject: string;
  readonly durable: string;
}

export function testNames(): TestNames {
  const uid = `${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  return {
    stream: `CBTEST_${uid}`,
    deadLetterStream: `CBTEST_${uid}_REJECTED`,
    subject: `cbtest.${uid}.transfers.>`,
    publishOn: `cbtest.${uid}.transfers.bank1`,
    deadLetterSubject: `cbtest.${uid}.rejected`,
    durable: `ingest_${uid}`,
  };
}

/** Deletes the test's streams (and with them the durable). */
export async function removeStreams(n: TestNames): Promise<void> {
  const nc = await connect({ servers: NATS_URL });
  const jsm = await jetstreamManager(nc);
  for (const s of [n.stream, n.deadLetterStream]) await jsm.streams.delete(s).catch(() => false);
  await nc.close();
}

/** Every message in a stream, parsed as JSON, in order. */
export async function readAll(stream: string): Promise<unknown[]> {
  const nc = await connect({ servers: NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    const count = (await jsm.streams.info(stream)).state.messages;
    const out: unknown[] = [];
    if (count === 0) return out;
    const c = await jetstream(nc).consumers.get(stream); // ordered, ephemeral
    const it = await c.fetch({ max_messages: count, expires: 2000 });
    for await (const m of it) out.push(m.json());
    return out;
  } finally {
    await nc.close();
  }
}

/** Polls `check` until it is true or `ms` pass. */
export async function until(check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
