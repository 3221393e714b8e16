// How the case capability writes to the audit log: a function passed in, called inside the
// transaction of the change it records (so both commit or neither does).
import type { Queryable } from '../store/index.js';
import type { Viewer } from './model.js';

export type Audit = (
  tx: Queryable,
  viewer: Viewer,
  action: string,
  subject: string,
  detail: Readonly<Record<string, unknown>>,
) => Promise<void>;
