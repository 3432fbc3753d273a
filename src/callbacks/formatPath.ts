// Python-style placeholders in checkpoint paths, as Keras's ModelCheckpoint fills them with
// `filepath.format(epoch=epoch + 1, **logs)`: '{epoch:02d}-{val_loss:.2f}' -> '07-0.31'.
// Supported specs: none (String(value)), [0][width]d, [width].<precision>f, [width].<precision>e.
import { ValidationError } from '../errors.js';

export function formatPath(fn: string, template: string, values: Record<string, number>): string {
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g, (_m, key: string, spec: string | undefined) => {
    const v = values[key];
    if (v === undefined) {
      throw new ValidationError(fn, 'filepath', `placeholders among the logged values (${Object.keys(values).join(', ')})`, `{${key}}`);
    }
    if (!spec) return String(v);
    const m = /^(0?)(\d*)(?:\.(\d+))?([dfe])$/.exec(spec);
    if (!m) throw new ValidationError(fn, 'filepath', "format specs like '02d', '.4f' or '.2e'", spec);
    const [, zero, width, precision, type] = m;
    const text = type === 'd' ? String(Math.trunc(v)) : type === 'f' ? v.toFixed(Number(precision ?? 6)) : pyExp(v, Number(precision ?? 6));
    return text.padStart(Number(width || 0), zero ? '0' : ' ');
  });
}

/** Python's exponent format: two-digit exponent with sign ('1.50e-03'), JS gives '1.50e-3'. */
function pyExp(v: number, precision: number): string {
  return v.toExponential(precision).replace(/e([+-])(\d)$/, 'e$10$2');
}
