/**
 * The line of a job's log worth putting in an alert: the first non-blank one, short, with
 * credentials masked (job output often echoes URLs such as postgres://backup:secret@db/…).
 */

const MAX_LINE = 200;
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]*):([^\s/@]*)@/gi;
const SECRET_ASSIGNMENT = /\b([\w.-]*(?:pass(?:word)?|pwd|secret|token|api[_-]?key|auth)[\w.-]*)(\s*[=:]\s*)((?:bearer|basic)\s+\S+|"[^"]*"|'[^']*'|\S+)/gi;
const BEARER = /\b(bearer)\s+[\w.~+/=-]+/gi;

export function redactSecrets(text: string): string {
  return text
    .replace(URL_USERINFO, (_m, scheme: string, user: string) => `${scheme}${user}:***@`)
    .replace(SECRET_ASSIGNMENT, (_m, name: string, sep: string) => `${name}${sep}***`)
    .replace(BEARER, (_m, word: string) => `${word} ***`);
}

/** The first non-blank line, trimmed, redacted and cut to 200 characters; undefined when there is none. */
export function firstLogLine(log: string | undefined): string | undefined {
  if (!log) return undefined;
  const line = log
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '');
  if (line === undefined) return undefined;
  const clean = redactSecrets(line);
  return clean.length > MAX_LINE ? `${clean.slice(0, MAX_LINE - 1)}…` : clean;
}
