// Tables for `simdnet playbook --data FILE`: CSV with a header row (RFC 4180 quoting) or JSON lines
// (one object per line). The label column (default 'label') holds class labels (numbers or
// strings) or float targets (regression). A column named 'text' makes a text task (the other
// columns are ignored); otherwise every other column must be numeric and becomes a feature.
import { SimdnetError, ValidationError } from '../errors.js';
import type { ArrayData, TextData } from './task.js';
import { nodeImport } from '../../bindings/nodeImport.js';

const FN = 'playbook';

/** Splits one CSV line into fields ("" inside quotes is a quote). */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') out.push(cur), (cur = '');
    else cur += ch;
  }
  out.push(cur);
  return out;
}

export async function readTable(path: string, labelColumn: string, limit?: number): Promise<ArrayData | TextData> {
  const { readFile } = await nodeImport<typeof import('node:fs/promises')>('fs/promises');
  const text = await readFile(path, 'utf8').catch((e: unknown) => {
    throw new SimdnetError('ERR_IO', FN, `cannot read '${path}'`, { cause: e });
  });
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  let rows: Record<string, unknown>[];
  if (/\.csv$/i.test(path)) {
    if (lines.length < 2) throw new SimdnetError('ERR_CORRUPT_DATA', FN, `${path}: a header row and at least one data row expected`);
    const header = csvFields(lines[0]).map((h) => h.trim());
    rows = lines.slice(1).map((l, i) => {
      const f = csvFields(l);
      if (f.length !== header.length) throw new SimdnetError('ERR_CORRUPT_DATA', FN, `${path}: line ${i + 2} has ${f.length} fields, the header ${header.length}`);
      return Object.fromEntries(header.map((h, j) => [h, h === 'text' || Number.isNaN(Number(f[j])) || f[j].trim() === '' ? f[j] : Number(f[j])]));
    });
  } else {
    rows = lines.map((l, i) => {
      try {
        return JSON.parse(l);
      } catch {
        throw new SimdnetError('ERR_CORRUPT_DATA', FN, `${path}: line ${i + 1} is not JSON`);
      }
    });
  }
  if (limit !== undefined) rows = rows.slice(0, limit);
  if (rows.length === 0) throw new SimdnetError('ERR_CORRUPT_DATA', FN, `${path}: no rows`);
  if (!(labelColumn in rows[0])) throw new ValidationError(FN, 'labelColumn', `a column of ${path} (${Object.keys(rows[0]).join(', ')})`, labelColumn);
  const labels = rows.map((r, i) => {
    const v = r[labelColumn];
    if (typeof v !== 'number' && typeof v !== 'string') throw new SimdnetError('ERR_CORRUPT_DATA', FN, `${path}: row ${i + 1} has no '${labelColumn}'`);
    return v;
  });
  if ('text' in rows[0]) return { texts: rows.map((r) => String(r.text ?? '')), labels };
  const features = Object.keys(rows[0]).filter((k) => k !== labelColumn);
  if (features.length === 0) throw new SimdnetError('ERR_CORRUPT_DATA', FN, `${path}: no feature columns besides '${labelColumn}'`);
  const x = new Float32Array(rows.length * features.length);
  rows.forEach((r, i) => features.forEach((k, j) => {
    const v = r[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new SimdnetError('ERR_CORRUPT_DATA', FN, `${path}: row ${i + 1}, column '${k}' is not a number (${JSON.stringify(v)})`);
    x[i * features.length + j] = v;
  }));
  const numeric = labels.every((v) => typeof v === 'number');
  const y = numeric && labels.some((v) => !Number.isInteger(v)) ? { data: Float32Array.from(labels as number[]), shape: [rows.length] } : labels;
  if (Array.isArray(y)) {
    // Class labels: integers as they are, strings mapped in prepareTask (by sorted value).
    const classes = [...new Set(y)].sort();
    const at = new Map(classes.map((c, i) => [c, i]));
    return { x: { data: x, shape: [rows.length, features.length] }, y: { data: Int32Array.from(y, (v) => (numeric ? (v as number) : (at.get(v) as number))), shape: [rows.length] } };
  }
  return { x: { data: x, shape: [rows.length, features.length] }, y };
}
