/** What one run of the http check saw, before any judgement. URLs are redacted. */
export interface Observation {
  /** Every URL requested, in order; the first is the configured one. */
  chain: readonly string[];
  /** The last response, when one arrived. */
  response?: ObservedResponse;
  /** Why the check could not be made at all (an unreadable ca_file): no evidence about the server. */
  unusable?: string;
  /** Why no usable response arrived (connection, TLS, DNS or redirect trouble), in words. */
  failure?: string;
  /** From the start of the check to the end of the last body read. */
  latencyMs: number;
}

export interface ObservedResponse {
  status: number;
  /** Decoded as UTF-8; at most BODY_LIMIT bytes of it. */
  body: string;
  /** Bytes of body read (after content decoding), at most BODY_LIMIT. */
  bodyBytes: number;
  /** The body was longer than BODY_LIMIT and reading stopped there. */
  truncated: boolean;
}

/** Enough for any health endpoint; stops a huge page from eating memory. */
export const BODY_LIMIT = 1024 * 1024;
