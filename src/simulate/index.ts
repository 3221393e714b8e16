// Scenario simulator: a seeded, deterministic world of people, accounts, everyday payments,
// calls and messages, and fraud campaigns with their mule networks, with the truth known.
export { KINDS } from './accounts.js';
export { Chunker } from './bytes.js';
export type { Campaign, CampaignStats } from './campaigns.js';
export {
  encodeComms,
  encodeLosses,
  encodeTransfers,
  encodeTruthEvents,
  HEADERS,
} from './encode.js';
export { EVERYDAY_RATES } from './everyday.js';
export { FRAUD_TYPES, type FraudType, PROFILES } from './fraud-types.js';
export {
  defaultOptions,
  OPTION_SPECS,
  type OptionSpec,
  parseOptions,
  type SimulateOptions,
} from './options.js';
export { AGE_BANDS } from './population.js';
export { Rng } from './random.js';
export { CHANNELS, type Comm, PURPOSES } from './rows.js';
export { type DayOutput, Simulation } from './simulation.js';
export {
  accountOrder,
  encodeAccounts,
  encodePeople,
  encodeTruthAccounts,
  encodeTruthCampaigns,
} from './tables.js';
export { type AccountTruth, accountTruth, ROLES, type Role } from './truth.js';
