// The playbook's fmin objective, importable by worker threads (fmin's { module, export }): each
// trial's params name the task and the run. A task from a named source (sources.ts) is loaded once
// per thread; an in-memory task is registered by the main thread and runs there only.
import { ready } from '../../bindings/loader.js';
import { SimdnetError } from '../errors.js';
import type { TrialHandle } from '../search/objective.js';
import { higherIsBetter, trainRun, type MetricName, type RunSpec } from './run.js';
import { loadSource, type SourceSpec } from './sources.js';
import { prepareTask, type SplitOptions, type Task } from './task.js';

export interface TaskRef {
  key: string;
  /** Present when the task can be rebuilt from a named source (worker threads). */
  source: SourceSpec | null;
  split: SplitOptions;
}

export interface RunParams {
  task: TaskRef;
  run: RunSpec;
  metric: MetricName;
  seed: number;
}

const tasks = new Map<string, Promise<Task>>();

export function registerTask(key: string, task: Promise<Task>): void {
  tasks.set(key, task);
}

export function taskFor(ref: TaskRef): Promise<Task> {
  let t = tasks.get(ref.key);
  if (!t) {
    const source = ref.source;
    if (!source) throw new SimdnetError('ERR_STATE', 'playbook', `task ${ref.key} lives in another thread; in-memory data runs with parallelism 1`);
    t = (async () => {
      await ready();
      const { data, description } = await loadSource(source);
      return prepareTask(data, ref.split, description);
    })();
    tasks.set(ref.key, t);
  }
  return t;
}

/** fmin's objective: loss = -metric for a metric to maximise (fmin minimises). */
export async function objective(p: { run: RunParams }, trial: TrialHandle): Promise<{ loss: number; [k: string]: unknown }> {
  const { task, run, metric, seed } = p.run;
  const out = await trainRun(await taskFor(task), run, metric, seed, run.arm === 'search' ? trial : undefined);
  return { loss: higherIsBetter(metric) ? -out.metric : out.metric, ...out };
}
