import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigText } from '../config/load.js';
import { writeStarterConfig } from './starter-config.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const emptyDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-starter-'));
  dirs.push(dir);
  return dir;
};

describe('the first tocsin start in an empty directory', () => {
  it('writes a starter config that validates, and says where', () => {
    const path = join(emptyDir(), 'tocsin.yaml');
    expect(writeStarterConfig(path, true)).toMatch(/^no config at .*tocsin\.yaml: wrote a starter one/);
    const loaded = loadConfigText(readFileSync(path, 'utf8'), path, {});
    expect(loaded.ok && loaded.config.monitors.map((m) => m.id)).toEqual(['tocsin-livez']);
  });

  it('leaves an existing file alone', () => {
    const path = join(emptyDir(), 'tocsin.yaml');
    writeFileSync(path, 'monitors: []\n');
    expect(writeStarterConfig(path, true)).toBeUndefined();
    expect(readFileSync(path, 'utf8')).toBe('monitors: []\n');
  });

  it('writes nothing for a file named with -c or TOCSIN_CONFIG: a missing one is a mistake', () => {
    const path = join(emptyDir(), 'elsewhere.yaml');
    expect(writeStarterConfig(path, false)).toBeUndefined();
    expect(() => readFileSync(path)).toThrow();
  });
});
