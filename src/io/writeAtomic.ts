// writeAtomic(fn, file, data): replaces `file` so that a reader sees either the old content or the
// new, never a mix. The data goes to `<file>.tmp`, is fsynced (so the rename cannot reach the disk
// before the bytes do), then renamed over `file`: rename(2) is atomic on POSIX file systems and
// NTFS. On failure the temp file is removed and the error rethrown; `file` is untouched.
// Shared by model.save and saveTfjs, which call it once per file in the order that keeps
// model.json naming only complete files.
import { nodeFs } from './nodeFs.js';

export async function writeAtomic(fn: string, file: string, data: Uint8Array | string): Promise<void> {
  const { fs } = await nodeFs(fn);
  const tmp = file + '.tmp';
  try {
    const fh = await fs.open(tmp, 'w');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => {});
    throw e;
  }
}

/** A file-name part unique to this save (time + random, base 36): weight files are written under a new
 *  name and only then named by model.json, so a failed save never touches the files in use. */
export function saveStamp(): string {
  return `${Date.now().toString(36)}-${Math.floor(Math.random() * 2 ** 32).toString(36)}`;
}
