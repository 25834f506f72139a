// CSV in the browser: the header and the numeric columns to offer, and the rows the server keeps for chosen columns
// (papaparse, the server's parser, loaded only when a CSV is opened).

export interface CsvTable {
  fields: string[];
  rows: string[][];
}

/** Cells the server treats as missing. */
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none']);

export function isMissing(cell: string | undefined): boolean {
  return cell === undefined || MISSING.has(cell.trim().toLowerCase());
}

function asNumber(cell: string): number {
  const t = cell.trim();
  return t === '' ? Number.NaN : Number(t);
}

export async function parseCsv(text: string): Promise<CsvTable> {
  const { default: Papa } = await import('papaparse');
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' });
  const [header, ...rows] = parsed.data;
  if (!header || header.length === 0) throw new Error('the file has no header row');
  return { fields: header.map((h, i) => h.trim() || `column ${i + 1}`), rows };
}

/** Columns whose every present value is a finite number (and that have at least one). */
export function numericColumns(table: CsvTable): string[] {
  return table.fields.filter((_, c) => {
    let seen = 0;
    for (const row of table.rows) {
      const cell = row[c];
      if (isMissing(cell)) continue;
      if (!Number.isFinite(asNumber(cell))) return false;
      seen++;
    }
    return seen > 0;
  });
}

/** The points the server clusters: rows with a number in every chosen column, in file order. */
export function pointsOf(table: CsvTable, columns: readonly string[]): { points: number[][]; dropped: number } {
  const idx = columns.map((c) => table.fields.indexOf(c));
  const points: number[][] = [];
  let dropped = 0;
  for (const row of table.rows) {
    const p = idx.map((i) => (isMissing(row[i]) ? Number.NaN : asNumber(row[i])));
    if (p.every(Number.isFinite)) points.push(p);
    else dropped++;
  }
  return { points, dropped };
}
