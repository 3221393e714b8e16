// The records of orders between authorities and institutions (orders.md): kinds, states,
// orders and the audit events every transition yields. Money is integer minor units.
import type { ClawbackError } from '../errors/index.js';

export const ORDER_KINDS = ['query', 'stop_payment', 'freeze', 'release', 'return'] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

export function isOrderKind(x: unknown): x is OrderKind {
  return typeof x === 'string' && (ORDER_KINDS as readonly string[]).includes(x);
}

export const ORDER_STATES = [
  'issued',
  'acknowledged',
  'executed',
  'expired',
  'released',
  'returned',
  'rejected',
] as const;
export type OrderState = (typeof ORDER_STATES)[number];

/** States an order never leaves. */
export const FINAL_STATES: ReadonlySet<OrderState> = new Set([
  'expired',
  'released',
  'returned',
  'rejected',
]);

/** What may be done to an existing order (issuing creates one; expiry is the system's). */
export const ORDER_ACTIONS = [
  'acknowledge',
  'execute',
  'reject',
  'renew',
  'release',
  'return',
] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

export function isOrderAction(x: unknown): x is OrderAction {
  return typeof x === 'string' && (ORDER_ACTIONS as readonly string[]).includes(x);
}

/** A query's period: transactions with from <= time < to, epoch ms. */
export interface Period {
  readonly from: number;
  readonly to: number;
}

export interface Order {
  readonly id: string;
  readonly kind: OrderKind;
  readonly caseId: string;
  /** The authority (police unit) whose case this is; it alone may issue, renew, release. */
  readonly authority: string;
  /** Who issued it (a person or token id), for the audit log. */
  readonly issuedBy: string;
  readonly account: string;
  /** The institution holding `account`; the order is addressed to it. */
  readonly institution: string;
  /**
   * Ordered amount in minor units: stop_payment and freeze always; release and return when
   * partial (null = everything still held by the target); null for query.
   */
  readonly amount: number | null;
  /** ISO 4217; null for query. */
  readonly currency: string | null;
  /** The legal ground the authority gives. */
  readonly reason: string;
  readonly state: OrderState;
  readonly issuedAt: number;
  readonly acknowledgedAt: number | null;
  readonly executedAt: number | null;
  /** When a stop_payment or freeze lapses (see docs/orders.md); null for other kinds. */
  readonly expiresAt: number | null;
  /** When it reached a final state, or null. */
  readonly endedAt: number | null;
  /** Held now (stop_payment, freeze): set on execution (may be less than ordered), reduced by partial releases and returns. */
  readonly held: number;
  /** Held at execution, before any release or return. */
  readonly heldAtExecution: number;
  /** Released so far from this order's hold. */
  readonly released: number;
  /** Returned to victims so far from this order's hold. */
  readonly returned: number;
  readonly renewals: number;
  /** For release and return: the stop_payment or freeze they act on. */
  readonly target: string | null;
  /** For return: the approved return decision. */
  readonly returnDecision: string | null;
  /** For query: the period asked for. */
  readonly period: Period | null;
  /** Why the institution rejected it. */
  readonly rejection: string | null;
}

export type EventAction = 'issue' | OrderAction | 'expire';

/** One transition of one order, for the hash-chained audit log. */
export interface OrderEvent {
  readonly orderId: string;
  readonly action: EventAction;
  /** null when the order is created. */
  readonly from: OrderState | null;
  readonly to: OrderState;
  /** Who did it; 'system' for automatic expiry. */
  readonly actor: string;
  readonly at: number;
  readonly reason: string | null;
  readonly details: Readonly<Record<string, string | number | null>>;
}

/** The actor of automatic transitions (expiry). */
export const SYSTEM_ACTOR = 'system';

/** The coded errors why something was refused (nothing changed); never empty. */
export interface Failure {
  readonly ok: false;
  readonly errors: readonly [ClawbackError, ...ClawbackError[]];
}

/** A change or a new order with its event, or the Failure. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | Failure;
