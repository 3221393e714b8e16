// Splits NDJSON bytes into lines and parses each as JSON, with the line number.

import { MAX_RECORD_BYTES } from './csv.js';

export type DocumentCallback = (doc: unknown, line: number) => void;
export type LineProblemCallback = (line: number, detail: string) => void;

export class NdjsonSplitter {
  private pending: Buffer | undefined;
  private line = 1;
  private atStart = true;
  private stopped = false;

  constructor(
    private readonly onDocument: DocumentCallback,
    private readonly onProblem: LineProblemCallback,
  ) {}

  push(chunk: Buffer): void {
    if (this.stopped) return;
    let buf = this.pending === undefined ? chunk : Buffer.concat([this.pending, chunk]);
    this.pending = undefined;
    if (this.atStart && buf.length >= 3) {
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      this.atStart = false;
    }
    let p = 0;
    for (;;) {
      const nl = buf.indexOf(10, p);
      if (nl < 0) break;
      this.handle(buf, p, nl);
      p = nl + 1;
    }
    if (p < buf.length) {
      this.pending = buf.subarray(p);
      if (this.pending.length > MAX_RECORD_BYTES) {
        this.onProblem(this.line, `line longer than ${MAX_RECORD_BYTES >> 20} MiB`);
        this.stopped = true;
        this.pending = undefined;
      }
    }
  }

  finish(): void {
    if (this.stopped) return;
    const rest = this.pending;
    this.pending = undefined;
    if (rest !== undefined && rest.length > 0) this.handle(rest, 0, rest.length);
  }

  private handle(buf: Buffer, s: number, e: number): void {
    const line = this.line++;
    let end = e;
    if (end > s && buf[end - 1] === 13) end--;
    let start = s;
    while (start < end && (buf[start] === 32 || buf[start] === 9)) start++;
    if (start === end) return;
    let doc: unknown;
    try {
      doc = JSON.parse(buf.toString('utf8', start, end));
    } catch (err) {
      this.onProblem(line, err instanceof Error ? err.message : String(err));
      return;
    }
    this.onDocument(doc, line);
  }
}
