// Stream ingest: transfers consumed from NATS JetStream into the ledger, acknowledged only
// after they are committed, plus a publisher for tests and benchmarks. Format: docs/stream.md.
export type { BatchReport, DeadLetterRecord, InboundMessage } from './batch.js';
export {
  type ConsumerStats,
  type StreamLogger,
  startTransferConsumer,
  type TransferConsumer,
  type TransferConsumerOptions,
} from './consumer.js';
export type { MessageProblem, ReadPayload } from './payload.js';
export { readPayload } from './payload.js';
export { type PublishOptions, type PublishResult, publishTransfers } from './publish.js';
