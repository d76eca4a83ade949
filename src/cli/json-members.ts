/**
 * A streamed JSON object, member by member: for each top-level member its name and the kind of its value, and
 * for a value that is an array, its elements one by one, each parsed on its own. Neither the text nor the tree
 * is ever held whole (one element at a time; a member whose value is not an array or object is held while it is
 * read). The structure between elements is checked here byte by byte; each element is handed to JSON.parse,
 * which checks it: the import's 110,000 records are parsed by V8's own parser instead of a tokenizer written in
 * JavaScript (@streamparser/json took 2.5 s of CPU for a 65 MB file, this about 1.2 s).
 */

export type ValueKind = 'array' | 'object' | 'other';

export interface MemberHandlers {
  /** A top-level member begins: its name and the kind of its value. */
  member(name: string, kind: ValueKind): void;
  /** An element of a top-level member's array value. */
  element(name: string, index: number, value: unknown): void;
}

export class JsonSyntaxError extends Error {}

const enum S {
  Start,
  KeyOrEnd,
  Key,
  Colon,
  Value,
  AfterMember,
  ElementOrEnd,
  Element,
  AfterElement,
  InnerKeyOrEnd,
  InnerKey,
  InnerColon,
  InnerValue,
  AfterInner,
  Done,
}

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export class JsonMembers {
  private state = S.Start;
  private name = '';
  private index = 0;
  private offset = 0;
  // The value being read (an element, a key, a member's value other than an array), as raw bytes.
  private parts: Buffer[] = [];
  private reading: 'none' | 'nested' | 'string' | 'scalar' = 'none';
  private inString = false;
  private depth = 0;
  private escaped = false;
  private then: (text: string) => void = () => {};

  constructor(private readonly handlers: MemberHandlers) {}

  write(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.reading !== 'none') {
        i = this.scan(chunk, i);
        continue;
      }
      const b = chunk[i]!;
      if (isSpace(b)) {
        i++;
        continue;
      }
      this.step(b, chunk, i);
      if (this.reading === 'none') i++;
    }
    this.offset += chunk.length;
  }

  end(): void {
    if (this.state !== S.Done) this.fail('unexpected end of data', this.offset);
  }

  /** One structural byte (or the first byte of a value) in the current state. */
  private step(b: number, chunk: Buffer, i: number): void {
    const at = this.offset + i;
    switch (this.state) {
      case S.Start:
        if (b !== 0x7b) this.fail('expected an object', at);
        this.state = S.KeyOrEnd;
        return;
      case S.KeyOrEnd:
      case S.Key:
        if (b === 0x7d && this.state === S.KeyOrEnd) this.state = S.Done;
        else if (b === QUOTE) this.read(chunk, i, (text) => ((this.name = this.parse(text, at) as string), (this.state = S.Colon)));
        else this.fail('expected a member name', at);
        return;
      case S.Colon:
      case S.InnerColon:
        if (b !== 0x3a) this.fail("expected ':'", at);
        this.state = this.state === S.Colon ? S.Value : S.InnerValue;
        return;
      case S.Value:
        this.handlers.member(this.name, b === 0x5b ? 'array' : b === 0x7b ? 'object' : 'other');
        if (b === 0x5b) (this.state = S.ElementOrEnd), (this.index = 0);
        else if (b === 0x7b) this.state = S.InnerKeyOrEnd;
        else this.read(chunk, i, (text) => (this.parse(text, at), (this.state = S.AfterMember)));
        return;
      case S.AfterMember:
        if (b === 0x2c) this.state = S.Key;
        else if (b === 0x7d) this.state = S.Done;
        else this.fail("expected ',' or '}'", at);
        return;
      case S.ElementOrEnd:
      case S.Element:
        if (b === 0x5d && this.state === S.ElementOrEnd) this.state = S.AfterMember;
        else this.read(chunk, i, (text) => (this.handlers.element(this.name, this.index++, this.parse(text, at)), (this.state = S.AfterElement)));
        return;
      case S.AfterElement:
        if (b === 0x2c) this.state = S.Element;
        else if (b === 0x5d) this.state = S.AfterMember;
        else this.fail("expected ',' or ']'", at);
        return;
      case S.InnerKeyOrEnd:
      case S.InnerKey:
        if (b === 0x7d && this.state === S.InnerKeyOrEnd) this.state = S.AfterMember;
        else if (b === QUOTE) this.read(chunk, i, (text) => (this.parse(text, at), (this.state = S.InnerColon)));
        else this.fail('expected a member name', at);
        return;
      case S.InnerValue:
        this.read(chunk, i, (text) => (this.parse(text, at), (this.state = S.AfterInner)));
        return;
      case S.AfterInner:
        if (b === 0x2c) this.state = S.InnerKey;
        else if (b === 0x7d) this.state = S.AfterMember;
        else this.fail("expected ',' or '}'", at);
        return;
      case S.Done:
        this.fail('data after the object', at);
    }
  }

  /** Starts reading a value at chunk[i]; `then` receives its text once it is complete. */
  private read(chunk: Buffer, i: number, then: (text: string) => void) {
    const b = chunk[i]!;
    this.reading = b === 0x7b || b === 0x5b ? 'nested' : b === QUOTE ? 'string' : 'scalar';
    this.inString = false;
    this.depth = 0;
    this.escaped = false;
    this.parts = [];
    this.then = then;
  }

  /** Reads on from chunk[from] to the end of the value or of the chunk; returns where it stopped. */
  private scan(chunk: Buffer, from: number): number {
    let i = from;
    let end = -1;
    if (this.reading === 'scalar') {
      while (i < chunk.length && !(chunk[i] === 0x2c || chunk[i] === 0x5d || chunk[i] === 0x7d || isSpace(chunk[i]!))) i++;
      if (i < chunk.length) end = i;
    } else {
      // Only brackets outside strings count; a string value ends at its closing quote.
      const string = this.reading === 'string';
      let { inString, depth, escaped } = this;
      for (; i < chunk.length; i++) {
        const b = chunk[i]!;
        if (inString) {
          if (escaped) escaped = false;
          else if (b === BACKSLASH) escaped = true;
          else if (b === QUOTE) {
            inString = false;
            if (string) {
              end = i + 1;
              break;
            }
          }
        } else if (b === QUOTE) {
          inString = true;
        } else if (b === 0x7b || b === 0x5b) {
          depth++;
        } else if ((b === 0x7d || b === 0x5d) && --depth === 0) {
          end = i + 1;
          break;
        }
      }
      this.inString = inString;
      this.depth = depth;
      this.escaped = escaped;
    }
    if (end < 0) {
      this.parts.push(chunk.subarray(from));
      return chunk.length;
    }
    this.parts.push(chunk.subarray(from, end));
    const text = this.parts.length === 1 ? this.parts[0]!.toString('utf8') : Buffer.concat(this.parts).toString('utf8');
    this.parts = [];
    this.reading = 'none';
    this.then(text);
    return end;
  }

  private parse(text: string, at: number): unknown {
    try {
      return JSON.parse(text);
    } catch (e) {
      return this.fail((e as Error).message, at);
    }
  }

  private fail(message: string, at: number): never {
    throw new JsonSyntaxError(`${message} (at byte ${at})`);
  }
}
