/** A Set-Cookie header as name, value and its attributes (in any order, names lower-cased). */
export function readSetCookie(header: unknown): { name: string; value: string; attributes: Record<string, string | true> } {
  if (typeof header !== 'string') throw new Error(`expected one Set-Cookie header, got ${JSON.stringify(header)}`);
  const [pair = '', ...rest] = header.split(/;\s*/);
  const at = pair.indexOf('=');
  const attributes: Record<string, string | true> = {};
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq === -1) attributes[part.toLowerCase()] = true;
    else attributes[part.slice(0, eq).toLowerCase()] = part.slice(eq + 1);
  }
  return { name: pair.slice(0, at), value: pair.slice(at + 1), attributes };
}
