/** Keeps every log line a service writes, for tests that read its logs. */
export class LogCapture {
  readonly lines: string[] = [];

  /** The pino destination: one call per line. */
  write(line: string): void {
    for (const l of line.split('\n')) if (l !== '') this.lines.push(l);
  }

  /** Every line parsed; a line that is not JSON fails the test that reads it. */
  entries(): Record<string, any>[] {
    return this.lines.map((l) => {
      try {
        return JSON.parse(l) as Record<string, any>;
      } catch {
        throw new Error(`log line is not JSON: ${l.slice(0, 200)}`);
      }
    });
  }

  /** Lines written after `mark` (the length of `lines` at some earlier moment). */
  since(mark: number): Record<string, any>[] {
    return this.entries().slice(mark);
  }

  clear(): void {
    this.lines.length = 0;
  }
}
