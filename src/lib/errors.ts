/**
 * The closed set of error codes, mapped once to HTTP statuses and once to CLI
 * exit codes. Each carries a message a person can act on; `field` and
 * `expected` say what to fix when the input was at fault.
 */
export const ERROR_CODES = {
  invalid_input: { http: 400, exit: 2 },
  config_invalid: { http: 400, exit: 2 },
  unauthorized: { http: 401, exit: 4 },
  forbidden: { http: 403, exit: 4 },
  not_found: { http: 404, exit: 3 },
  conflict: { http: 409, exit: 5 },
  too_large: { http: 413, exit: 2 },
  rate_limited: { http: 429, exit: 6 },
  unavailable: { http: 503, exit: 7 },
  internal: { http: 500, exit: 1 },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class TocsinError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { field?: string; expected?: string } = {},
  ) {
    super(message);
    this.name = 'TocsinError';
  }
}

export function httpStatusOf(code: ErrorCode): number {
  return ERROR_CODES[code].http;
}

export function exitCodeOf(code: ErrorCode): number {
  return ERROR_CODES[code].exit;
}
