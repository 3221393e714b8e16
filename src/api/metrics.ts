// Prometheus metrics of one app instance (its own registry: no process-wide singletons):
// requests and latencies by route, ingest rates by source and outcome, order deadlines.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly latency: Histogram<'method' | 'route'>;
  readonly ingested: Counter<'kind' | 'source' | 'outcome'>;
  readonly ordersDue: Gauge<'kind' | 'within'>;
  readonly nextDeadline: Gauge;
}

export function createMetrics(withDefaults = true): Metrics {
  const registry = new Registry();
  if (withDefaults) collectDefaultMetrics({ register: registry, prefix: 'clawback_' });
  return {
    registry,
    requests: new Counter({
      name: 'clawback_http_requests_total',
      help: 'HTTP requests by method, route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'clawback_http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    ingested: new Counter({
      name: 'clawback_ingest_records_total',
      help: 'Records ingested by kind (transfer, account, loss), source (http, nats) and outcome (stored, replayed, rejected)',
      labelNames: ['kind', 'source', 'outcome'],
      registers: [registry],
    }),
    ordersDue: new Gauge({
      name: 'clawback_orders_lapsing',
      help: 'Active stop-payment and freeze orders that lapse within the given window',
      labelNames: ['kind', 'within'],
      registers: [registry],
    }),
    nextDeadline: new Gauge({
      name: 'clawback_orders_next_deadline_seconds',
      help: 'Seconds until the next active order lapses (absent when none is active)',
      registers: [registry],
    }),
  };
}
