/**
 * Reads JSON (RFC 8259) and remembers the line each value starts on, so a validation error found later
 * (by zod, which knows only the path, such as activities[0].sessions[3].roll[2].birthDate) can name the line
 * in the file. JSON.parse gives no positions, hence this small reader.
 */

export type JsonPath = readonly PropertyKey[];

export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';

  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export type JsonWithLines = {
  value: unknown;
  /** The line of the value at `path`, or of its nearest enclosing value when that path is absent (a missing field). */
  lineOf(path: JsonPath): number;
};

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export function parseJsonWithLines(text: string): JsonWithLines {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;

  const keyOf = (path: JsonPath): string => path.map(String).join('\u0000');
  const fail = (message: string): never => {
    throw new JsonSyntaxError(line, message);
  };
  const describe = (): string => (i >= s.length ? 'the end of the file' : `"${s[i]}"`);

  function skipSpace(): void {
    while (i < s.length) {
      const ch = s[i];
      if (ch === '\n') line++;
      else if (ch !== ' ' && ch !== '\t' && ch !== '\r') return;
      i++;
    }
  }

  function readString(): string {
    const start = i;
    i++;
    while (i < s.length && s[i] !== '"') {
      const code = s.charCodeAt(i);
      if (code < 0x20) fail('a line break or control character inside a string; write it as \\n or remove it');
      i += s[i] === '\\' ? 2 : 1;
    }
    if (i >= s.length) fail('a string is never closed: a closing double quote is missing');
    i++;
    try {
      return JSON.parse(s.slice(start, i)) as string;
    } catch {
      return fail('a string has an invalid escape sequence');
    }
  }

  function readValue(path: PropertyKey[]): unknown {
    skipSpace();
    lines.set(keyOf(path), line);
    const ch = s[i];
    if (ch === '{') return readObject(path);
    if (ch === '[') return readArray(path);
    if (ch === '"') return readString();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (s.startsWith(word, i)) {
        i += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(s);
    if (number) {
      i += number[0].length;
      return Number(number[0]);
    }
    return fail(`expected a value but found ${describe()}`);
  }

  function readObject(path: PropertyKey[]): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    i++;
    skipSpace();
    if (s[i] === '}') {
      i++;
      return obj;
    }
    for (;;) {
      skipSpace();
      if (s[i] !== '"') fail(`expected a field name in double quotes but found ${describe()}`);
      const keyLine = line;
      const key = readString();
      if (Object.hasOwn(obj, key)) fail(`the field "${key}" appears twice in one object`);
      skipSpace();
      if (s[i] !== ':') fail(`expected ":" after "${key}" but found ${describe()}`);
      i++;
      const value = readValue([...path, key]);
      lines.set(keyOf([...path, key]), keyLine);
      // Defined rather than assigned, so a field called "__proto__" is a plain field and not a prototype.
      Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      skipSpace();
      if (s[i] === ',') {
        i++;
        continue;
      }
      if (s[i] === '}') {
        i++;
        return obj;
      }
      fail(`expected "," or "}" but found ${describe()}`);
    }
  }

  function readArray(path: PropertyKey[]): unknown[] {
    const arr: unknown[] = [];
    i++;
    skipSpace();
    if (s[i] === ']') {
      i++;
      return arr;
    }
    for (;;) {
      arr.push(readValue([...path, arr.length]));
      skipSpace();
      if (s[i] === ',') {
        i++;
        continue;
      }
      if (s[i] === ']') {
        i++;
        return arr;
      }
      fail(`expected "," or "]" but found ${describe()}`);
    }
  }

  const value = readValue([]);
  skipSpace();
  if (i < s.length) fail(`unexpected ${describe()} after the end of the JSON document`);
  return {
    value,
    lineOf(path) {
      for (let n = path.length; n >= 0; n--) {
        const found = lines.get(keyOf(path.slice(0, n)));
        if (found !== undefined) return found;
      }
      return 1;
    },
  };
}
