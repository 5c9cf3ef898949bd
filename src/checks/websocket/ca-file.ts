import { open } from 'node:fs/promises';

/** A bundle of every public root is about 200 kB; a file ten times that is not a CA file. */
const CA_FILE_LIMIT = 2 * 1024 * 1024;

/**
 * The PEM certificates of `ca_file`, read at each run so a renewed private CA is picked up. Errors
 * say what is wrong with the file, never what it holds: the path may point anywhere.
 */
export async function readCaFile(path: string): Promise<string> {
  let text: string;
  try {
    const file = await open(path, 'r');
    try {
      const { size } = await file.stat();
      if (size > CA_FILE_LIMIT) throw new Error(`ca_file ${path} is ${size} bytes, more than the ${CA_FILE_LIMIT / 1024 / 1024} MiB a CA file can be`);
      text = await file.readFile('utf8');
    } finally {
      await file.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    throw new Error(`cannot read ca_file ${path} (${code})`, { cause: error });
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`ca_file ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return text;
}
