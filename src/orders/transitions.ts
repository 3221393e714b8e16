// The state machine of orders.md in one table: which action moves which kind from which state.
import type { EventAction, OrderKind, OrderState } from './model.js';

export interface Transition {
  readonly action: EventAction;
  readonly kinds: readonly OrderKind[];
  readonly from: readonly OrderState[];
  readonly to: readonly OrderState[];
}

const ALL_KINDS: readonly OrderKind[] = ['query', 'stop_payment', 'freeze', 'release', 'return'];
const HOLDS: readonly OrderKind[] = ['stop_payment', 'freeze'];

/** Every transition there is; anything else is refused. `issue` creates an order. */
export const TRANSITIONS: readonly Transition[] = [
  { action: 'acknowledge', kinds: ALL_KINDS, from: ['issued'], to: ['acknowledged'] },
  { action: 'execute', kinds: ALL_KINDS, from: ['acknowledged'], to: ['executed'] },
  { action: 'reject', kinds: ALL_KINDS, from: ['issued', 'acknowledged'], to: ['rejected'] },
  { action: 'renew', kinds: ['freeze'], from: ['executed'], to: ['executed'] },
  // partial: stays executed with less held; full: released
  { action: 'release', kinds: HOLDS, from: ['executed'], to: ['executed', 'released'] },
  { action: 'return', kinds: ['freeze'], from: ['executed'], to: ['executed', 'returned'] },
  {
    action: 'expire',
    kinds: HOLDS,
    from: ['issued', 'acknowledged', 'executed'],
    to: ['expired'],
  },
];

/** Whether orders.md allows `kind` to go from `from` to `to` by `action`. */
export function isAllowedTransition(
  kind: OrderKind,
  action: EventAction,
  from: OrderState | null,
  to: OrderState,
): boolean {
  if (action === 'issue') return from === null && to === 'issued';
  return TRANSITIONS.some(
    (t) =>
      t.action === action &&
      t.kinds.includes(kind) &&
      from !== null &&
      t.from.includes(from) &&
      t.to.includes(to),
  );
}

export function transitionFor(action: EventAction): Transition | undefined {
  return TRANSITIONS.find((t) => t.action === action);
}
