// Orders between authorities and institutions (orders.md): query, stop_payment, freeze,
// release, return. Pure: orders and events in, orders and events out; the store and the API
// persist them and check the principal with mayAct.
export {
  mayAct,
  type OrderScope,
  type Permission,
  type Permit,
  type Principal,
  type Role,
} from './access.js';
export { type ActionInput, type Applied, applyAction, type Changed } from './actions.js';
export { addMonthsUtc } from './calendar.js';
export { effectiveState, expireDue, expireOrder, lapsesAt } from './expiry.js';
export { activeHolds, checkPayment, type Hold, holdsOn, type PaymentCheck } from './holds.js';
export {
  type IssueContext,
  type IssueInput,
  issueOrder,
  type ReturnDecisionFacts,
} from './issue.js';
export { DEFAULT_ORDER_LIMITS, type OrderLimits, parseOrderLimits } from './limits.js';
export {
  type EventAction,
  type Failure,
  FINAL_STATES,
  isOrderAction,
  isOrderKind,
  ORDER_ACTIONS,
  ORDER_KINDS,
  ORDER_STATES,
  type Order,
  type OrderAction,
  type OrderEvent,
  type OrderKind,
  type OrderState,
  type Outcome,
  type Period,
  SYSTEM_ACTOR,
} from './model.js';
export { unwrap } from './outcome.js';
export { isAllowedTransition, TRANSITIONS, type Transition } from './transitions.js';
