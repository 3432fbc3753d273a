// Back-translation (Sennrich et al. 2016; Xie et al. 2020, UDA): translate to a pivot language and
// back to get paraphrases. No translation model ships with simdnet: the caller plugs one in as
//   translator(texts, from, to) => Promise<string[]>   (same length and order as `texts`)
// e.g. a local HTTP translation service (LibreTranslate, an NLLB/Marian server) or a transformers.js
// 'translation' pipeline; see docs/augmentation.md "Text augmentation". Texts go in batches; a failed or
// malformed batch is retried with exponential backoff, then reported as ERR_EXTERNAL naming the
// batch and direction.
import { SimdnetError, ValidationError } from '../../errors.js';
import { checkInt, checkKeys, checkNumber } from '../../validate.js';

/**
 * A translation function you supply (no model ships with simdnet): translates `texts` from one language to
 * another, same length and order.
 */
export type Translator = (texts: string[], from: string, to: string) => Promise<string[]>;

/** Options of `backTranslate`: the translator, the source and pivot languages, batch size and retries. */
export interface BackTranslateOptions {
  translator: Translator;
  /** Language of the input texts. Default 'en'. */
  source?: string;
  /** Pivot language(s); one paraphrase per pivot. Default ['fr']. */
  pivots?: string[];
  /** Texts per translator call. Default 32. */
  batchSize?: number;
  /** Retries per batch after the first failure. Default 2. */
  retries?: number;
  /** Delay before the first retry, doubled each time. Default 200 ms. */
  retryDelayMs?: number;
}

const KEYS = ['translator', 'source', 'pivots', 'batchSize', 'retries', 'retryDelayMs'];

/** Returns, for each pivot, the back-translated texts: result[p][i] paraphrases texts[i]. */
export async function backTranslate(texts: string[], options: BackTranslateOptions): Promise<string[][]> {
  const fn = 'backTranslate';
  if (!Array.isArray(texts) || texts.some((t) => typeof t !== 'string')) throw new ValidationError(fn, 'texts', 'an array of strings', texts, 'ERR_INVALID_TYPE');
  if (typeof options !== 'object' || options === null) throw new ValidationError(fn, 'options', 'an object with a translator', options, 'ERR_INVALID_TYPE');
  checkKeys(fn, options, KEYS);
  if (typeof options.translator !== 'function') throw new ValidationError(fn, 'translator', 'a function (texts, from, to) => Promise<string[]>', options.translator, 'ERR_INVALID_TYPE');
  const source = options.source ?? 'en';
  const pivots = options.pivots ?? ['fr'];
  if (!Array.isArray(pivots) || pivots.length === 0 || pivots.some((p) => typeof p !== 'string' || !p)) {
    throw new ValidationError(fn, 'pivots', 'a non-empty array of language codes', pivots);
  }
  const batchSize = checkInt(fn, 'batchSize', options.batchSize ?? 32, 1);
  const retries = checkInt(fn, 'retries', options.retries ?? 2, 0);
  const delay = checkNumber(fn, 'retryDelayMs', options.retryDelayMs ?? 200, 0);
  const call = (batch: string[], from: string, to: string, index: number) => withRetries(options.translator, batch, from, to, index, retries, delay);

  const result: string[][] = [];
  for (const pivot of pivots) {
    const out: string[] = [];
    for (let i = 0; i < texts.length; i += batchSize) {
      const batch = texts.slice(i, i + batchSize);
      const there = await call(batch, source, pivot, i / batchSize);
      out.push(...(await call(there, pivot, source, i / batchSize)));
    }
    result.push(out);
  }
  return result;
}

async function withRetries(t: Translator, batch: string[], from: string, to: string, index: number, retries: number, delayMs: number): Promise<string[]> {
  let last: unknown;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, delayMs * 2 ** (attempt - 1)));
    try {
      const out = await t(batch, from, to);
      if (!Array.isArray(out) || out.length !== batch.length || out.some((s) => typeof s !== 'string')) {
        last = new Error(`returned ${Array.isArray(out) ? `${out.length} items` : typeof out} for ${batch.length} texts`);
        continue;
      }
      return out;
    } catch (e) {
      last = e;
    }
  }
  throw new SimdnetError(
    'ERR_EXTERNAL',
    'backTranslate',
    `translator failed on batch ${index} (${from} -> ${to}) after ${retries + 1} attempts: ${(last as Error)?.message ?? String(last)}`,
    { cause: last },
  );
}
