// The log keys of compiled metrics, as Keras 3's CompileMetrics.result() names them
// (keras/src/trainers/compile_utils.py): each metric is logged under the identifier the user gave;
// a repeated name in `metrics` gets `_1`, `_2`, ... appended; a `weightedMetrics` entry whose name is
// already taken is logged as `weighted_<name>`, and if that is taken too, `weighted_<name>_1`, ...
// So compile({metrics: ['accuracy'], weightedMetrics: ['accuracy']}) logs 'accuracy' (unweighted)
// and 'weighted_accuracy'; weightedMetrics: ['accuracy'] alone logs 'accuracy' (weighted).

/** Log keys for `plain` then `weighted` metric identifiers, in that order. */
export function metricLogNames(plain: readonly string[], weighted: readonly string[]): { plain: string[]; weighted: string[] } {
  const seen = new Map<string, number>();
  /** `name` if free, else `name_<k>` with k counting the earlier uses of `name` (Keras's unique_name_counters). */
  const unique = (name: string): string => {
    const k = seen.get(name);
    if (k === undefined) {
      seen.set(name, 1);
      return name;
    }
    seen.set(name, k + 1);
    return `${name}_${k}`;
  };
  const plainKeys = plain.map(unique);
  const weightedKeys = weighted.map((name) => (seen.has(name) ? unique(`weighted_${name}`) : unique(name)));
  return { plain: plainKeys, weighted: weightedKeys };
}
