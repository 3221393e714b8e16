// A progress bar on stderr for long work, shown only when stderr is a terminal.
import { createRequire } from 'node:module';
import type { SingleBar } from 'cli-progress';

/** cli-progress is loaded only when a bar is shown: a pipe does not pay for it at start-up. */
function loadBars(): typeof import('cli-progress') {
  return createRequire(import.meta.url)('cli-progress');
}

export interface Progress {
  start(label: string, total: number): void;
  update(done: number): void;
  stop(): void;
}

const SILENT: Progress = { start() {}, update() {}, stop() {} };

export function progressFor(stderr: NodeJS.WritableStream & { isTTY?: boolean }): Progress {
  if (stderr.isTTY !== true) return SILENT;
  const { SingleBar: Bar } = loadBars();
  let bar: SingleBar | undefined;
  let last = 0;
  return {
    start(label, total) {
      bar?.stop();
      bar = new Bar({
        stream: stderr,
        format: `${label.padEnd(10)} [{bar}] {percentage}% {eta_formatted}`,
        barsize: 30,
        hideCursor: true,
        clearOnComplete: true,
      });
      bar.start(Math.max(total, 1), 0);
    },
    update(done) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      bar?.update(done);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
