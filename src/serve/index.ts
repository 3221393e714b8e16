// `clawback serve`: the HTTP API, order expiry and stream ingest over one database.
export { auditWith, type Service, type ServiceOptions, startService } from './server.js';
