// The HTTP API: Fastify routes over the capabilities, errors as problem+json.
export { type BuildOptions, buildApp } from './app.js';
export type { AppContext } from './context.js';
export { createMetrics, type Metrics } from './metrics.js';
export { type Problem, problemOf, toProblem } from './problem.js';
