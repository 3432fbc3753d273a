// The search the PostgreSQL tests and bench run: two parameters (one numeric, one categorical) and
// a cheap objective that sleeps to stand in for training, reports two intermediate values, and
// returns a loss with its minimum at x = 0.3, o = 'a'.
import type { TrialHandle } from '../../../src/search/objective.js';
import { hp } from '../../../src/search/space.js';

export const pgSpace = { x: hp.uniform('x', -2, 2), o: hp.choice('o', ['a', 'b']) };

export async function pgObjective(p: { x: number; o: string }, trial: TrialHandle, sleepMs: number): Promise<number> {
  const loss = (p.x - 0.3) ** 2 + (p.o === 'b' ? 0.1 : 0);
  for (let step = 0; step < 2; step++) {
    if (sleepMs > 0) await new Promise((r) => setTimeout(r, sleepMs / 2));
    trial.report(loss + 1 / (step + 1), step);
  }
  return loss;
}

/** For the CLI test: 50 ms per trial, so two workers started together both get trials. */
export async function slowQuadratic(p: { x: number; o: string }): Promise<number> {
  await new Promise((r) => setTimeout(r, 50));
  return (p.x - 0.3) ** 2 + (p.o === 'b' ? 0.1 : 0);
}
