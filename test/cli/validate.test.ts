import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/config/${name}`, import.meta.url));

describe('tocsin validate', () => {
  it('refuses a broken config, listing every problem with file, line and path', async () => {
    const run = await runCli(['-c', fixture('several-problems.yaml'), 'validate'], { SLACK_WEBHOOK_URL: 'https://hooks.example/x' });
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^tocsin: 4 problems in .*several-problems\.yaml:$/);
    expect(run.stderr).toMatch(/several-problems\.yaml:3:\d+ defaults\.intreval: unknown key `intreval`; did you mean `interval`\?/);
    expect(run.stderr).toMatch(/monitors\[0\]\.timeout: /);
    expect(run.stderr).toMatch(/monitors\[1\]\.id: /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('accepts the full example config and says what it holds', async () => {
    const env = { TOCSIN_PING_KEY: 'ping-key-123', TOCSIN_WEBHOOK_SECRET: 's', SLACK_WEBHOOK_URL: 'https://hooks.example/x', PAGERDUTY_ROUTING_KEY: 'k' };
    const run = await runCli(['-c', fixture('full.yaml'), 'validate'], env);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/full\.yaml is valid: 8 monitors, 5 channels, 1 status page/);
    expect(run.code).toBe(0);
  });

  it('names a missing environment variable without printing any value', async () => {
    const run = await runCli(['-c', fixture('full.yaml'), 'validate'], { TOCSIN_PING_KEY: 'ping-key-123' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('SLACK_WEBHOOK_URL');
  });

  it('prints a JSON Schema editors can use', async () => {
    const run = await runCli(['schema']);
    expect(run.code).toBe(0);
    const schema = JSON.parse(run.stdout);
    expect(schema.$schema).toContain('2020-12');
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['server', 'monitors', 'channels']));
  });
});
