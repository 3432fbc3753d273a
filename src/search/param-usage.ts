// Unknown candidate keys (issue 18 item 9). scikit-learn's search calls estimator.set_params(**params),
// which raises "Invalid parameter ... Valid parameters are: [...]" (sklearn/base.py) for a name the
// estimator does not have. Here the "estimator" is the user's buildModel plus fitOptions, whose
// parameter names cannot be listed up front, so the search watches which keys they read: each
// candidate is handed over behind a Proxy that records property reads. A key that neither reads for
// any candidate (`batch_size` where fitOptions looks for `batchSize`) would be silently dropped, so
// it is refused, naming the key and the keys they did read. Enumerating the params (spread,
// Object.keys, JSON.stringify) counts as reading every key.
import { ValidationError } from '../errors.js';

/** The keys read through the proxies `track` hands out. */
export class KeyReads {
  readonly read = new Set<string>();
  /** Set when the params were enumerated: every key counts as read. */
  all = false;

  track<P>(params: P): P {
    if (params === null || typeof params !== 'object') return params;
    const note = (k: string | symbol) => {
      if (typeof k === 'string') this.read.add(k);
    };
    return new Proxy(params as object, {
      get: (t, k, r) => (note(k), Reflect.get(t, k, r)),
      has: (t, k) => (note(k), Reflect.has(t, k)),
      getOwnPropertyDescriptor: (t, k) => (note(k), Reflect.getOwnPropertyDescriptor(t, k)),
      ownKeys: (t) => ((this.all = true), Reflect.ownKeys(t)),
    }) as P;
  }

  /** Keys of `params` not read so far. */
  unread(params: unknown): string[] {
    if (this.all || params === null || typeof params !== 'object') return [];
    return Object.keys(params).filter((k) => !this.read.has(k));
  }
}

/** The error for `key`, listing the keys read and a near miss (batch_size -> batchSize). */
export function unknownKeyError(fn: string, arg: string, key: string, reads: KeyReads): ValidationError {
  const squash = (s: string) => s.replace(/[_-]/g, '').toLowerCase();
  const known = [...reads.read].sort();
  const near = known.find((k) => squash(k) === squash(key));
  const hint = near ? `; did you mean '${near}'?` : '';
  return new ValidationError(fn, `${arg}.${key}`, `a parameter that buildModel or fitOptions reads (they read: ${known.join(', ') || 'none'})${hint}`, key);
}
