/**
 * An ldapts error in words: the result's name (InvalidCredentialsError → "invalid credentials"),
 * the server's diagnostic when it sent one (ldapts says "Code: 0x31" when it did not), and the
 * RFC 4511 result code.
 */
export function ldapErrorWords(error: unknown): string {
  const { code, message, name } = error as { code?: unknown; message?: string; name?: string };
  const text = (message ?? String(error)).split('\n')[0]!.trim();
  if (typeof code !== 'number') return text || 'unknown error';
  const kind =
    name && /^[A-Z]\w*Error$/.test(name) && !['Error', 'ResultCodeError', 'UnknownStatusCodeError'].includes(name)
      ? splitWords(name.replace(/Error$/, ''))
      : '';
  // ldapts appends "Code: 0x2" to the server's diagnostic, or says only that when there is none.
  const diagnostic = text.replace(/\s*Code: 0x[0-9a-f]+$/i, '');
  const words = [kind, diagnostic].filter(Boolean).join(': ') || 'refused';
  return `${words} (result code ${code})`;
}

function splitWords(camel: string): string {
  return camel.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
