import { CsvError, parse } from 'csv-parse/sync';

/**
 * CSV as RFC 4180 writes it (csv-parse): comma-separated fields, fields in double quotes may hold commas, line
 * breaks and doubled quotes (""); records end at CRLF, LF or CR. Each record keeps the line it starts on, so an
 * import can point at the exact line of a bad row even when an earlier field spans several lines, and a syntax
 * error names its line in words a person who saved the file from a spreadsheet can act on.
 */

export type CsvRecord = { line: number; fields: string[] };

type InfoRow = { record: string[]; info: { lines: number } };

export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';

  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const MESSAGES: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed: a closing double quote is missing',
  CSV_INVALID_CLOSING_QUOTE: 'unexpected text after a closing double quote; a quote inside a quoted field must be doubled ("")',
  INVALID_OPENING_QUOTE: 'a double quote inside an unquoted field; put the field in double quotes and double the quote ("")',
};

/**
 * Parses the whole text; blank lines are skipped, a byte-order mark at the start is ignored. Line breaks are
 * read as LF first (also inside quoted fields), because csv-parse settles on one record delimiter per file and
 * a file edited on two systems can mix them.
 */
export function parseCsv(text: string): CsvRecord[] {
  const s = text.replace(/\r\n?/g, '\n');
  let rows: InfoRow[];
  try {
    // csv-parse's types do not model `info: true`, which wraps each record with where it was read.
    rows = parse(s, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      record_delimiter: '\n',
      info: true,
    }) as unknown as InfoRow[];
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const line = err.code === 'CSV_QUOTE_NOT_CLOSED' ? unfinishedRecordLine(s) : Number((err as { lines?: number }).lines ?? 1);
    throw new CsvSyntaxError(line, MESSAGES[err.code] ?? err.message);
  }
  // csv-parse counts the line a record ends on; a record starts as many lines earlier as its fields hold breaks.
  return rows.map(({ record, info }) => ({ line: info.lines - record.reduce((n, f) => n + count(f, '\n'), 0), fields: record }));
}

/** The line a never-closed quote's record starts on: csv-parse reports only the end of the file. */
function unfinishedRecordLine(s: string): number {
  let good = 0;
  try {
    parse(s, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      record_delimiter: '\n',
      on_record: (record: string[], context: { bytes: number }) => {
        good = context.bytes;
        return record;
      },
    });
  } catch {
    // Expected: this pass only notes where the last complete record ended.
  }
  let at = good;
  while (s[at] === '\n') at++;
  return count(s.slice(0, at), '\n') + 1;
}

function count(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i !== -1; i = s.indexOf(ch, i + 1)) n++;
  return n;
}
