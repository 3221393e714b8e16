// Makes sure the JetStream pieces exist before consuming: the transfers stream (file storage,
// capturing the subject), the dead-letter stream, and the durable pull consumer. Safe to run
// from several processes at once and on every start: existing pieces are kept (and widened
// or retuned where needed), never recreated, so a restart resumes where the durable left off.
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  StorageType,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

export interface ConsumerSetup {
  readonly stream: string;
  readonly subject: string;
  readonly durable: string;
  readonly deadLetterStream: string;
  readonly deadLetterSubject: string;
  readonly ackWaitMs: number;
  readonly maxAckPending: number;
}

function isApiError(e: unknown, code: number): boolean {
  return e instanceof JetStreamApiError && e.code === code;
}

/** Whether NATS subject pattern `pattern` (`*` one token, `>` the rest) covers `subject`. */
export function covers(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    const t = p[i];
    if (t === '>') return s.length > i;
    if (i >= s.length) return false;
    if (t !== '*' && t !== s[i]) return false;
  }
  return p.length === s.length;
}

/**
 * Creates the stream capturing `subject`, or widens an existing one to it (a subject it
 * already covers is left alone; narrower ones it replaces, as the server refuses overlaps).
 */
export async function ensureStream(
  jsm: JetStreamManager,
  name: string,
  subject: string,
): Promise<void> {
  try {
    const info = await jsm.streams.info(name);
    const subjects = info.config.subjects ?? [];
    if (!subjects.some((have) => covers(have, subject)))
      await jsm.streams.update(name, {
        subjects: [...subjects.filter((have) => !covers(subject, have)), subject],
      });
  } catch (e) {
    if (!isApiError(e, JetStreamApiCodes.StreamNotFound)) throw e;
    try {
      await jsm.streams.add({ name, subjects: [subject], storage: StorageType.File });
    } catch (again) {
      // Another process created it between our two calls: fine if it is there now.
      await jsm.streams.info(name).catch(() => {
        throw again;
      });
    }
  }
}

/** The stream, dead-letter stream and durable pull consumer, created or brought up to date. */
export async function ensureConsumer(jsm: JetStreamManager, s: ConsumerSetup): Promise<void> {
  await ensureStream(jsm, s.stream, s.subject);
  await ensureStream(jsm, s.deadLetterStream, s.deadLetterSubject);
  const wanted = {
    ack_wait: nanos(s.ackWaitMs),
    max_ack_pending: s.maxAckPending,
  };
  try {
    const info = await jsm.consumers.info(s.stream, s.durable);
    if (
      info.config.ack_wait !== wanted.ack_wait ||
      info.config.max_ack_pending !== wanted.max_ack_pending
    )
      await jsm.consumers.update(s.stream, s.durable, wanted);
  } catch (e) {
    if (!isApiError(e, JetStreamApiCodes.ConsumerNotFound)) throw e;
    await jsm.consumers.add(s.stream, {
      durable_name: s.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: s.subject,
      // Unlimited deliveries: a database outage must not drop good transfers. Bad ones are
      // terminated by us after dead-lettering, so they do not come round forever.
      max_deliver: -1,
      ...wanted,
    });
  }
}
