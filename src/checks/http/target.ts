import type { ResolvedSettings } from '../../schema/config.js';
import { rateKeyOfUrl, type Reach, safeUrl, type Target } from '../target.js';

type Settings = ResolvedSettings['http'];

/** Methods that ask for an answer; the others ask the target to act. */
const READING_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const httpTarget: Target<Settings> = {
  describe: (s) => `${s.method} ${safeUrl(s.url)}`,
  rateKey: (s) => rateKeyOfUrl(s.url),
  reach,
  // A path read with tocsin's rights: through the API it would tell which files exist on the host.
  fileOnly: (s) =>
    s.ca_file === undefined
      ? undefined
      : {
          field: 'ca_file',
          message: 'ca_file names a file on the tocsin host, so it can only be set in tocsin.yaml',
          expected: 'no ca_file (or verify_tls: false) for monitors defined through the API',
        },
};

function reach(s: Settings): Reach | undefined {
  if (Object.keys(s.headers).length > 0) return { field: 'headers', why: 'custom headers carry credentials to the services they open' };
  if (s.body !== undefined) return { field: 'body', why: 'a request body asks the target to act' };
  if (!READING_METHODS.has(s.method)) return { field: 'method', why: `${s.method} asks the target to act, not to answer` };
  if (s.expect.json_path !== undefined) return { field: 'expect.json_path', why: 'the JSON value it finds is shown in the result' };
  return undefined;
}
