// The one place connection strings are made safe for messages, logs and reports. A PostgreSQL URL
// can carry a password in two places (libpq's URI format, PostgreSQL 15 manual, section 34.1.1.2):
// the userinfo (`postgresql://user:secret@host/db`) and a `password=` query parameter. Both are
// masked here by text rules rather than by `new URL`, because the strings that most need masking
// are the ones URL parsing rejects (`postgresql://u:s3cret@127.0.0.1:99999/db`: port out of range).

const MASK = '***';

/** `url` with every password replaced by ***, whether or not it parses as a URL. */
export function redactUrl(url: string): string {
  return (
    url
      // scheme://user:password@ — the userinfo ends at the last '@' before the path (a password may hold '@', '/', ':').
      .replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/?#]*:)(.*)@(?=[^@]*$)/i, (_, head: string) => `${head}${MASK}@`)
      // ?password=... or &password=... (libpq query parameters), up to the next '&' or '#'.
      .replace(/([?&]password=)[^&#]*/gi, `$1${MASK}`)
  );
}

/** The password itself (decoded and as written), for scrubbing it out of text that quotes it. */
function secrets(url: string): string[] {
  const found: string[] = [];
  const user = /^[a-z][a-z0-9+.-]*:\/\/[^:@/?#]*:(.*)@(?=[^@]*$)/i.exec(url)?.[1];
  if (user) found.push(user);
  for (const m of url.matchAll(/[?&]password=([^&#]*)/gi)) if (m[1]) found.push(m[1]);
  const decoded = found.flatMap((s) => {
    try {
      return [decodeURIComponent(s)];
    } catch {
      return [];
    }
  });
  return [...new Set([...found, ...decoded])].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

/**
 * `text` (an error message from the client library, a log line) with `url` redacted and any
 * occurrence of its password masked: a driver that quotes the connection string or the password
 * in its own message cannot leak it through ours.
 */
export function redactText(text: string, url: string): string {
  let out = text.split(url).join(redactUrl(url));
  for (const s of secrets(url)) out = out.split(s).join(MASK);
  return out;
}

/**
 * A copy of a driver error that is safe to keep as a SimdnetError's `cause`: a caller printing
 * `err.cause`, `util.inspect(err)` (which walks causes) or an uncaught error (Node prints it the same
 * way) sees the original's class name, message, stack and own fields (SQLSTATE `code`, `detail`,
 * `hint`, errno, `address`...) with `url` and its password redacted as in redactText, nested causes
 * and AggregateError's `errors` likewise. Fields holding objects (a driver's client or connection
 * config, which can hold the password itself) are dropped rather than walked.
 */
export function redactError(err: unknown, url: string, depth = 0): unknown {
  if (typeof err === 'string') return redactText(err, url);
  if (!(err instanceof Error)) return err === null || typeof err !== 'object' ? err : redactText(String(err), url);
  const copy = new Error(redactText(err.message, url)) as Error & Record<string, unknown>;
  Object.defineProperty(copy, 'name', { value: err.name, writable: true, configurable: true, enumerable: false });
  copy.stack = redactText(err.stack ?? `${err.name}: ${err.message}`, url);
  for (const [key, value] of Object.entries(err)) {
    if (typeof value === 'string') copy[key] = redactText(value, url);
    else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') copy[key] = value;
    else if (value instanceof Error && depth < 4) copy[key] = redactError(value, url, depth + 1);
  }
  if (err.cause !== undefined && depth < 4) copy.cause = redactError(err.cause, url, depth + 1);
  const errors = (err as { errors?: unknown }).errors;
  if (Array.isArray(errors) && depth < 4) copy.errors = errors.map((e) => redactError(e, url, depth + 1));
  return copy;
}
