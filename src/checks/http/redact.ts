/**
 * URLs end up in messages, logs and pages; passwords and tokens must not.
 * Credentials in the URL and query values whose names look secret are masked.
 */
const SECRET_PARAM = /pass|pwd|secret|token|key|auth|sig|session|credential|code/i;

export function redactUrl(input: URL | string): string {
  // Nothing to mask (the common case): its text as is, without a copy to edit.
  if (typeof input !== 'string' && input.username === '' && input.password === '' && input.search === '') return input.href;
  const url = new URL(input);
  if (url.password) url.password = '***';
  // A lone user name is often a token (https://TOKEN@host/).
  else if (url.username) url.username = '***';
  const secret = [...url.searchParams.keys()].filter((name) => SECRET_PARAM.test(name));
  for (const name of new Set(secret)) url.searchParams.set(name, '***');
  return url.href;
}
