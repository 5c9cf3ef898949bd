/**
 * Names whose values the API hides on read (src/channels/secrets.ts's isSecretKey, which this
 * follows word for word; that module needs Node's Buffer and so cannot load here). A test keeps the
 * two in step: the form must hide exactly what the API masks.
 */
const SECRET_WORD = /(pass|passwd|password|passphrase|secret|token|key|authorization|cookie|credentials?)s?$/i;

export function isSecretName(name: string): boolean {
  return SECRET_WORD.test(name.trim().split(/[_.-]/).pop() ?? name);
}
