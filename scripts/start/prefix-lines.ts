// Each service's output, line by line, behind its name: `[api] …`. Chunks from a pipe end anywhere,
// so a partial line waits for its end (a stack trace stays one prefixed line per frame).

export type LineSink = Readonly<{ push(chunk: Buffer | string): void; end(): void }>;

export function prefixLines(prefix: string, write: (text: string) => void): LineSink {
  let pending = '';
  return {
    push(chunk) {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      if (lines.length > 0) write(lines.map((line) => `${prefix} ${line.replace(/\r$/, '')}\n`).join(''));
    },
    end() {
      if (pending) write(`${prefix} ${pending}\n`);
      pending = '';
    },
  };
}
