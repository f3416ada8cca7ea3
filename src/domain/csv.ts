/**
 * The results CSV (`file,name,distance,group`), RFC 4180, and a parser for round-trips. Pure: no DOM.
 *
 * Text cells (file names, person names) are neutralised against spreadsheet formula injection as OWASP
 * describes ("CSV Injection"): a cell that begins with `=`, `+`, `-`, `@`, a tab or a CR gets a leading
 * `'`, so a spreadsheet shows it as text instead of running it. Numbers (distances) are written as they
 * are. The JSON export keeps every value exact.
 */
import { NO_PERSONS_FOUND } from './types';
import type { FaceLabel } from './types';

export const CSV_HEADER = ['file', 'name', 'distance', 'group'] as const;
const LINE_END = '\r\n';

export interface PhotoResultRow {
  file: string;
  /**
   * Faces left to right; null or empty when the photo has no face. `group`: the "Who is this?" group
   * (`group_N`) of a face shown as unknown_person; null or absent for named faces and faces alone.
   */
  faces: ReadonlyArray<FaceLabel & { group?: string | null }> | null;
}

/** A field, quoted (quotes doubled) when it holds a comma, quote, CR or LF. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** OWASP's neutralisation of a text cell: a leading `'` before `=`, `+`, `-`, `@`, tab or CR. */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A text cell: neutralised, then quoted where needed. */
export function csvTextField(value: string): string {
  return csvField(neutraliseFormula(value));
}

/** A distance with exactly three decimals; empty when null. */
export function formatDistance(distance: number | null): string {
  return distance === null ? '' : distance.toFixed(3);
}

/**
 * Header, then one record per face (`file,name,distance,group`), or `file,no_persons_found,,` for a
 * photo without faces. Every line, the last included, ends with CRLF.
 */
export function resultsToCsv(rows: ReadonlyArray<PhotoResultRow>): string {
  const lines: string[] = [CSV_HEADER.join(',')];
  for (const row of rows) {
    const file = csvTextField(row.file);
    if (row.faces === null || row.faces.length === 0) {
      lines.push(`${file},${NO_PERSONS_FOUND},,`);
      continue;
    }
    for (const face of row.faces) {
      lines.push(`${file},${csvTextField(face.name)},${formatDistance(face.distance)},${csvTextField(face.group ?? '')}`);
    }
  }
  return lines.map((line) => line + LINE_END).join('');
}

/**
 * Parses RFC 4180 text into records of fields. Accepts CRLF or LF line ends; a final line end does
 * not start an empty record. Throws on an unterminated quoted field or text after a closing quote.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let atFieldStart = true;

  const endField = (): void => {
    record.push(field);
    field = '';
    atFieldStart = true;
  };
  const endRecord = (): void => {
    endField();
    records.push(record);
    record = [];
  };

  while (i < text.length) {
    const ch = text[i] as string;
    if (atFieldStart && ch === '"') {
      const start = i;
      i++;
      for (;;) {
        if (i >= text.length) throw new SyntaxError(`Unterminated quoted field at offset ${start}`);
        const q = text[i] as string;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else {
          field += q;
          i++;
        }
      }
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
        throw new SyntaxError(`Unexpected character after closing quote at offset ${i}`);
      }
      atFieldStart = false;
      continue;
    }
    if (ch === ',') {
      endField();
      i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      endRecord();
      i += 2;
    } else if (ch === '\n') {
      endRecord();
      i++;
    } else {
      field += ch;
      atFieldStart = false;
      i++;
    }
  }
  if (!atFieldStart || field.length > 0 || record.length > 0) endRecord();
  return records;
}
