// CSV with a header row -> Points: chosen columns, missing values dropped and counted, bad numbers named by line and column.
import type { Points } from '../cluster/points';
import { InputError } from '../errors';

export interface CsvPointsOptions {
  /** Columns to read, by header name, in this order. Default: every column. */
  columns?: readonly string[];
  /** Refuse (413) once more than this many data rows are kept. */
  maxRows?: number;
}

export interface CsvPoints {
  points: Points;
  /** The columns read, in order. */
  columns: string[];
  /** Data rows skipped because a chosen column was empty or a missing-value marker. */
  droppedRows: number;
}

/** Values read as "missing" (the row is dropped), as pandas' defaults for the common ones. */
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '-nan', '#n/a']);
/** A plain decimal number: what a spreadsheet or pandas writes. No hex, no Infinity, no thousands separators. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

/**
 * Splits RFC 4180 text into records: fields separated by commas, optionally in double quotes (a quote
 * inside doubled: ""), records ended by CRLF, LF or CR (inside quotes they are part of the field). A
 * leading byte-order mark is dropped and blank lines are skipped. Calls `onRecord(fields, line)` with the
 * 1-based line where the record starts; returning false stops early.
 */
export function parseCsv(text: string, onRecord: (fields: string[], line: number) => boolean | void): void {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let endOfRecord = false;
    while (!endOfRecord) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        let j = i + 1;
        let out = '';
        let from = j;
        for (;;) {
          if (j >= n) {
            throw new InputError('invalid', 'invalid_csv', `line ${startLine}: a quoted field is not closed`);
          }
          const c = text.charCodeAt(j);
          if (c === QUOTE) {
            if (text.charCodeAt(j + 1) === QUOTE) {
              out += text.slice(from, j + 1);
              j += 2;
              from = j;
              continue;
            }
            break;
          }
          if (c === LF || (c === CR && text.charCodeAt(j + 1) !== LF)) line++;
          j++;
        }
        value = out + text.slice(from, j);
        i = j + 1;
        const c = i < n ? text.charCodeAt(i) : LF;
        if (c !== COMMA && c !== CR && c !== LF) {
          throw new InputError('invalid', 'invalid_csv', `line ${line}: unexpected text after a closing quote`);
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === COMMA || c === CR || c === LF) break;
          j++;
        }
        value = text.slice(i, j);
        i = j;
      }
      fields.push(value);
      if (i >= n) {
        endOfRecord = true;
      } else {
        const c = text.charCodeAt(i);
        if (c === COMMA) {
          i++;
          // A comma at the very end still opens one (empty) field.
          if (i >= n) {
            fields.push('');
            endOfRecord = true;
          }
        } else {
          i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
          line++;
          endOfRecord = true;
        }
      }
    }
    const blank = fields.length === 1 && fields[0].trim() === '';
    if (!blank && onRecord(fields, startLine) === false) return;
  }
}

/** Reads the chosen columns of a CSV with a header row into points. */
export function csvToPoints(text: string, options: CsvPointsOptions = {}): CsvPoints {
  let header: string[] | undefined;
  let pick: number[] = [];
  let columns: string[] = [];
  const values: number[] = [];
  let droppedRows = 0;
  let kept = 0;
  const maxRows = options.maxRows ?? Infinity;
  parseCsv(text, (fields, line) => {
    if (!header) {
      header = fields.map((f) => f.trim());
      columns = options.columns ? [...options.columns] : header;
      if (columns.length === 0) throw new InputError('invalid', 'invalid_parameter', 'columns is empty; name at least one column');
      const unknown = columns.filter((c) => !header!.includes(c));
      if (unknown.length > 0) {
        throw new InputError(
          'invalid',
          'unknown_columns',
          `unknown column(s) ${unknown.map((c) => JSON.stringify(c)).join(', ')}; the CSV has ${header.map((c) => JSON.stringify(c)).join(', ')}`,
        );
      }
      const repeated = columns.filter((c, i) => columns.indexOf(c) !== i || header!.indexOf(c) !== header!.lastIndexOf(c));
      if (repeated.length > 0) {
        throw new InputError('invalid', 'invalid_parameter', `column ${JSON.stringify(repeated[0])} is named more than once`);
      }
      pick = columns.map((c) => header!.indexOf(c));
      return;
    }
    if (fields.length > header.length) {
      throw new InputError('invalid', 'invalid_csv', `line ${line} has ${fields.length} fields but the header has ${header.length}`);
    }
    const start = values.length;
    for (let c = 0; c < pick.length; c++) {
      const raw = fields[pick[c]];
      const v = raw === undefined ? '' : raw.trim();
      if (MISSING.has(v.toLowerCase())) {
        values.length = start;
        droppedRows++;
        return;
      }
      if (!NUMBER.test(v)) {
        throw new InputError(
          'invalid',
          'invalid_csv_value',
          `line ${line}, column ${JSON.stringify(columns[c])}: ${JSON.stringify(v.slice(0, 40))} is not a number`,
        );
      }
      const num = Number(v);
      if (!Number.isFinite(num)) {
        throw new InputError('invalid', 'invalid_csv_value', `line ${line}, column ${JSON.stringify(columns[c])}: ${v.slice(0, 40)} is out of range`);
      }
      values.push(num);
    }
    kept++;
    if (kept > maxRows) {
      throw new InputError('too_large', 'too_many_points', `more than ${maxRows} rows; the limit is ${maxRows} points per request`);
    }
  });
  if (!header) throw new InputError('invalid', 'empty_points', 'the CSV is empty; send a header row and at least one data row');
  if (kept === 0) {
    throw new InputError(
      'invalid',
      'empty_points',
      droppedRows > 0
        ? `no usable rows: all ${droppedRows} data rows miss a value in the chosen columns`
        : 'the CSV has a header but no data rows',
    );
  }
  const d = pick.length;
  return { points: { data: Float64Array.from(values), n: kept, d }, columns, droppedRows };
}
