import { PassThrough, type Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptsGzip, metricsBody } from './metrics-stream.js';

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Lines of many sizes, non-ASCII labels, and one part larger than the reused buffer. */
function parts(): string[] {
  const lines = Array.from({ length: 40_000 }, (_, i) => `tocsin_probe_success{monitor="m${i}${i % 13 === 0 ? '-é漢字😀' : ''}"} ${i % 2}\n`);
  return ['# HELP x y\n', ...lines.slice(0, 20_000), 'z'.repeat(3 << 20), ...lines.slice(20_000), ''];
}

describe('the /metrics body', () => {
  it('gzips every part, in order and unchanged, through one reused buffer', async () => {
    const text = parts();
    const zipped = await collect(metricsBody(text, true));
    expect(gunzipSync(zipped).toString('utf8')).toBe(text.join(''));
  });

  it('sends it as it is, each buffer a copy of the reused one', async () => {
    const text = parts();
    // Read slowly: a stream holding the reused buffer itself would hand out bytes already overwritten.
    const body = metricsBody(text, false);
    const slow = new PassThrough({ highWaterMark: 1 });
    body.pipe(slow);
    expect((await collect(slow)).toString('utf8')).toBe(text.join(''));
  });

  it.each([true, false])('gives the event loop a turn at each buffer (gzip %s)', async (gzip) => {
    // 16 MB of lines: sixteen buffers, so the checks get sixteen turns while a large body is written.
    const lines = Array.from({ length: 160_000 }, (_, i) => `tocsin_probe_success{monitor="m${i}"} ${'1'.repeat(70)}\n`);
    let turns = 0;
    let counting = true;
    const count = () => {
      turns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const body = await collect(metricsBody(lines, gzip));
    counting = false;
    expect((gzip ? gunzipSync(body) : body).length).toBe(lines.join('').length);
    expect(turns).toBeGreaterThanOrEqual(15);
  });

  it('stops reading parts once the scraper has gone', async () => {
    let read = 0;
    function* many(): Generator<string> {
      for (let i = 0; i < 1_000_000; i++) {
        read++;
        yield `line ${i} ${'x'.repeat(100)}\n`;
      }
    }
    const body = metricsBody(many(), true);
    body.once('data', () => body.destroy());
    await new Promise((resolve) => body.once('close', resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(read).toBeLessThan(1_000_000);
  });
});

describe('acceptsGzip', () => {
  it('takes gzip by name or *, unless its q is 0', () => {
    expect(acceptsGzip('gzip')).toBe(true);
    expect(acceptsGzip('br, GZIP;q=0.5')).toBe(true);
    expect(acceptsGzip('identity, *')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('gzip; q=0.000, br')).toBe(false);
    expect(acceptsGzip('br')).toBe(false);
    expect(acceptsGzip('x-gzip')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('')).toBe(false);
  });
});
