import { describe, expect, it } from 'vitest';
import { isSecretKey } from '../../src/channels/secrets.js';
import { isSecretName } from '../../web/src/secret-names.js';

describe('the form hides what the API masks', () => {
  it('judges header and field names as the API does', () => {
    const names = [
      'Authorization',
      'X-Api-Key',
      'Cookie',
      'x-auth-token',
      'Accept',
      'User-Agent',
      'on_key_change',
      'bind_password',
      'X-Secret',
      'Host',
      'keys',
      'monkey',
    ];
    for (const name of names) expect(isSecretName(name), name).toBe(isSecretKey(name));
    expect(isSecretName('Authorization')).toBe(true);
    expect(isSecretName('Accept')).toBe(false);
  });
});
