// model.summary(): Keras 3's table (layer name and type, output shape with None for the batch,
// parameter count) and the totals, trainable and non-trainable, with their size in bytes.
import type { Layer } from '../layers/layer.js';

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function bytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(2)} ${units[i]}`;
}

/** The summary text; shapes need the input shape (else shown as '?'). */
export function summaryTable(name: string, layers: readonly Layer[], inputShape: readonly number[] | null): string {
  const rows: [string, string, string][] = [];
  let trainable = 0;
  let frozen = 0;
  let shape = inputShape;
  for (const l of layers) {
    let params = 0;
    if (shape) {
      shape = l.build(shape);
      for (const p of l.params()) {
        const n = p.shape.reduce((a, b) => a * b, 1);
        params += n;
        if (p.trainable && l.trainable) trainable += n;
        else frozen += n;
      }
    }
    rows.push([`${l.name} (${l.className})`, shape ? `(None, ${shape.join(', ')})` : '?', shape ? count(params) : '?']);
  }
  const head: [string, string, string] = ['Layer (type)', 'Output Shape', 'Param #'];
  const w = [0, 1, 2].map((c) => Math.max(head[c].length, ...rows.map((r) => r[c].length)) + 2);
  const line = (l: string, m: string, r: string) => l + w.map((n) => '─'.repeat(n)).join(m) + r;
  const row = (r: string[]) => '│' + [` ${r[0].padEnd(w[0] - 1)}`, ` ${r[1].padEnd(w[1] - 1)}`, `${r[2].padStart(w[2] - 1)} `].join('│') + '│';
  const out = [`Model: "${name}"`, line('┌', '┬', '┐'), row(head), line('├', '┼', '┤'), ...rows.map(row), line('└', '┴', '┘')];
  if (inputShape) {
    out.push(
      ` Total params: ${count(trainable + frozen)} (${bytes(4 * (trainable + frozen))})`,
      ` Trainable params: ${count(trainable)} (${bytes(4 * trainable)})`,
      ` Non-trainable params: ${count(frozen)} (${bytes(4 * frozen)})`,
    );
  } else out.push(' Params: unknown until the input shape is known (give the first layer an inputShape)');
  return out.join('\n');
}
