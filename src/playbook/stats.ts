// Paired comparison of an arm with the baseline over seeds. Run s of the arm and run s of the
// baseline share the seed (initialisation, shuffling, dropout masks) and the data split, so the
// differences d_s = arm_s - baseline_s remove the seed-to-seed variance both share. The 95%
// interval is Student's t: mean(d) +- t(0.975, n - 1) * sd(d) / sqrt(n) (sd with n - 1). A t
// interval rather than a bootstrap: with the 3 to 5 seeds a budget allows, a bootstrap's
// resamples take only a handful of distinct values and its interval is too narrow.
// Verdict: 'helps' when the whole interval lies on the better side of 0 (above 0 for a metric to
// maximise, below for a loss) and the mean difference is at least `minEffect`, 'hurts' likewise
// on the worse side, else 'no clear effect'. minEffect is practical significance: with fixed
// seeds a change as small as L1 = 1e-9 shifts every run by the same 1e-7, an interval that
// excludes 0 for an effect nobody could use. The playbook sets it to half a validation sample for
// accuracy and 0.1% of the baseline for a loss.

/**
 * A strategy's verdict: its whole 95% interval lies on the better side of the baseline by at least the
 * minimum effect ('helps'), on the worse side ('hurts'), neither, or it was stopped early ('pruned').
 */
export type Verdict = 'helps' | 'hurts' | 'no clear effect' | 'pruned';

/**
 * A paired comparison of an arm with the baseline over shared seeds: the mean difference and its Student t
 * 95% interval.
 */
export interface Comparison {
  /** Mean of the arm's runs (the seeds it shares with the baseline). */
  mean: number;
  /** Mean of the baseline's runs on the same seeds. */
  baseline: number;
  meanDiff: number;
  /** 95% interval of the mean difference; null bounds with fewer than 2 pairs. */
  ci: [number | null, number | null];
  n: number;
}

// t(0.975, df) for df = 1..30 (standard tables, e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2).
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/** The 0.975 quantile of Student's t with `df` degrees of freedom. */
export function t975(df: number): number {
  if (df < 1) return NaN;
  if (df <= 30) return T975[Math.round(df) - 1];
  // Cornish-Fisher expansion about z = 1.96 (Abramowitz & Stegun 26.7.5); < 1e-3 off for df > 30.
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
}

/** Compares paired runs: `arm` and `base` map seed -> metric; only seeds present in both count. */
export function pairedComparison(arm: ReadonlyMap<number, number>, base: ReadonlyMap<number, number>): Comparison {
  const a: number[] = [];
  const b: number[] = [];
  for (const [seed, v] of arm) {
    const w = base.get(seed);
    if (w !== undefined) {
      a.push(v);
      b.push(w);
    }
  }
  const n = a.length;
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  if (n === 0) return { mean: NaN, baseline: NaN, meanDiff: NaN, ci: [null, null], n };
  const d = a.map((x, i) => x - b[i]);
  const md = mean(d);
  if (n < 2) return { mean: mean(a), baseline: mean(b), meanDiff: md, ci: [null, null], n };
  const sd = Math.sqrt(d.reduce((s, x) => s + (x - md) ** 2, 0) / (n - 1));
  const half = (t975(n - 1) * sd) / Math.sqrt(n);
  return { mean: mean(a), baseline: mean(b), meanDiff: md, ci: [md - half, md + half], n };
}

/** The verdict for an interval; `higherIsBetter` for accuracy, false for a loss. */
export function verdictOf(c: Pick<Comparison, 'ci' | 'meanDiff'>, higherIsBetter: boolean, minEffect = 0): Exclude<Verdict, 'pruned'> {
  const [lo, hi] = c.ci;
  if (lo === null || hi === null || !(Math.abs(c.meanDiff) >= minEffect)) return 'no clear effect';
  if (lo > 0) return higherIsBetter ? 'helps' : 'hurts';
  if (hi < 0) return higherIsBetter ? 'hurts' : 'helps';
  return 'no clear effect';
}
