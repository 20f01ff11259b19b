/**
 * A small RFC 4180 reader: comma-separated fields, fields in double quotes may hold commas, line breaks and
 * doubled quotes (""), records end at CRLF, LF or CR. Each record keeps the line it starts on, so an import
 * can point at the exact line of a bad row even when an earlier field spans several lines. Written here
 * rather than taken from a package because the format is small and the line numbers are the point.
 */

export type CsvRecord = { line: number; fields: string[] };

export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';

  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Parses the whole text; blank lines are skipped, a byte-order mark at the start is ignored. */
export function parseCsv(text: string): CsvRecord[] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  while (i < s.length) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (s[i] === '"') {
        const quoteLine = line;
        i++;
        for (;;) {
          if (i >= s.length) throw new CsvSyntaxError(quoteLine, 'a quoted field is never closed: a closing double quote is missing');
          const ch = s[i]!;
          if (ch === '"') {
            if (s[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === '\n' || (ch === '\r' && s[i + 1] !== '\n')) line++;
          field += ch;
          i++;
        }
        if (i < s.length && s[i] !== ',' && s[i] !== '\n' && s[i] !== '\r') {
          throw new CsvSyntaxError(line, 'unexpected text after a closing double quote; a quote inside a quoted field must be doubled ("")');
        }
      } else {
        while (i < s.length && s[i] !== ',' && s[i] !== '\n' && s[i] !== '\r') {
          if (s[i] === '"') throw new CsvSyntaxError(line, 'a double quote inside an unquoted field; put the field in double quotes and double the quote ("")');
          field += s[i];
          i++;
        }
      }
      fields.push(field);
      if (s[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (s[i] === '\r') i++;
    if (s[i] === '\n') i++;
    const blank = fields.length === 1 && fields[0] === '';
    if (!blank) records.push({ line: start, fields });
    line++;
  }
  return records;
}
