/** Sizes of a ping, apart from the code that reads requests so the settings schema (also used by the web UI) can name them. */

/** The first 100 kB of a ping's body are kept as the run's log (Healthchecks' PING_BODY_LIMIT). */
export const PING_BODY_LIMIT = 100_000;

/** A body over 10 MB is refused: that is no longer a log. */
export const PING_REQUEST_LIMIT = 10_000_000;
