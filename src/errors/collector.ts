// Collects the errors of a whole input so the user sees several at once, up to a limit.
import { type ClawbackError, InputRejected } from './error.js';

export class ErrorCollector {
  readonly limit: number;
  private readonly found: ClawbackError[] = [];
  private overflow = false;

  constructor(limit = 20) {
    this.limit = limit;
  }

  /** Records an error; returns false once the limit is reached (callers may stop reading). */
  add(error: ClawbackError): boolean {
    if (this.found.length >= this.limit) {
      this.overflow = true;
      return false;
    }
    this.found.push(error);
    return this.found.length < this.limit;
  }

  get full(): boolean {
    return this.found.length >= this.limit;
  }

  get count(): number {
    return this.found.length;
  }

  /** Throws InputRejected when anything was collected. */
  throwIfAny(): void {
    if (this.found.length > 0) throw new InputRejected(this.found, this.overflow || this.full);
  }
}
