// Typed errors. Every error simdnet throws on purpose is a SimdnetError with a stable `code`, the
// public function that rejected the call (`fn`), and for bad input the argument (`arg`), what was
// expected and what was got, so tests and callers can match on data rather than on message text
// (the zod / tfjs style: "fn: argument 'units' must be an integer >= 1, got -3").

/** The machine-readable kind of a SimdnetError: match on `error.code`, not on the message. */
export type ErrorCode =
  | 'ERR_INVALID_ARGUMENT' // a value of the right kind but outside what is allowed
  | 'ERR_INVALID_TYPE' // a value of the wrong kind
  | 'ERR_SHAPE_MISMATCH' // buffers or tensors whose shapes do not fit together
  | 'ERR_NOT_READY' // wasm used before `await ready()`
  | 'ERR_WASM_UNSUPPORTED' // the runtime cannot run the requested wasm build
  | 'ERR_WASM_TRAP' // a kernel trapped (a bug: validation should have caught the input)
  | 'ERR_OUT_OF_MEMORY' // the arena could not grow wasm memory
  | 'ERR_DISPOSED' // an object used after dispose()
  | 'ERR_NON_FINITE' // NaN or Inf appeared in training
  | 'ERR_IO' // a file could not be read or written
  | 'ERR_CORRUPT_DATA' // a file was read but its contents are not what its format says
  | 'ERR_UNSUPPORTED' // a valid request simdnet does not implement
  | 'ERR_STATE' // a call that is not valid in the object's current state
  | 'ERR_UNAVAILABLE' // a service (a database) could not be reached within the time allowed
  | 'ERR_EXTERNAL'; // a user-supplied function (translator, objective, reader) failed

export interface ErrorDetails {
  arg?: string;
  expected?: string;
  got?: unknown;
  cause?: unknown;
}

/**
 * Every error simdnet throws: a `code`, the function `fn` that threw, and for argument errors
 * (ValidationError, ShapeError) the argument, what was expected and what was given.
 */
export class SimdnetError extends Error {
  readonly code: ErrorCode;
  readonly fn: string;
  // `declare`: with target ES2022 a plain optional field is emitted as a class field defined as
  // undefined on every instance, so util.inspect(err) listed `arg: undefined, expected: undefined,
  // got: undefined` on errors that have none; the constructor sets only the ones that exist.
  declare readonly arg?: string;
  declare readonly expected?: string;
  declare readonly got?: string;

  constructor(code: ErrorCode, fn: string, message: string, details: ErrorDetails = {}) {
    super(`${fn}: ${message}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.fn = fn;
    if (details.arg !== undefined) this.arg = details.arg;
    if (details.expected !== undefined) this.expected = details.expected;
    if ('got' in details) this.got = describe(details.got);
  }
}

/** Bad input at a public boundary: names the function, the argument, what was expected and got. */
export class ValidationError extends SimdnetError {
  constructor(fn: string, arg: string, expected: string, got: unknown, code: ErrorCode = 'ERR_INVALID_ARGUMENT') {
    super(code, fn, `argument '${arg}' must be ${expected}, got ${describe(got)}`, { arg, expected, got });
  }
}

/** Shapes that do not fit together (batch sizes, feature counts, buffer lengths). */
export class ShapeError extends ValidationError {
  constructor(fn: string, arg: string, expected: string, got: unknown) {
    super(fn, arg, expected, got, 'ERR_SHAPE_MISMATCH');
  }
}

/** NaN or Inf in a loss or a gradient during training; names where it was first seen. */
export class NonFiniteError extends SimdnetError {
  constructor(fn: string, message: string) {
    super('ERR_NON_FINITE', fn, message);
  }
}

/** A short, single-line rendering of a received value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? value.slice(0, 57) + '...' : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<number>).length})`;
  if (Array.isArray(value)) return `array(${value.length})`;
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `${name} object` : 'object';
}
