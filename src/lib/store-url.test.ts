import { describe, expect, it } from 'vitest';
import { parseStoreUrl, redactUrl, resolveStoreUrl } from './store-url.js';

describe('parseStoreUrl', () => {
  it.each([
    ['sqlite:./data/tocsin.db', { dialect: 'sqlite', path: './data/tocsin.db' }],
    ['sqlite:/var/lib/tocsin/tocsin.db', { dialect: 'sqlite', path: '/var/lib/tocsin/tocsin.db' }],
    ['sqlite:///var/lib/tocsin.db', { dialect: 'sqlite', path: '/var/lib/tocsin.db' }],
    ['sqlite::memory:', { dialect: 'sqlite', path: ':memory:' }],
    ['postgres://tocsin@db/tocsin', { dialect: 'postgres', connectionString: 'postgres://tocsin@db/tocsin' }],
    ['postgresql://db:5433/t', { dialect: 'postgres', connectionString: 'postgresql://db:5433/t' }],
    ['postgres://u@db/t?schema=tocsin_a1&sslmode=require', { dialect: 'postgres', connectionString: 'postgres://u@db/t?sslmode=require', schema: 'tocsin_a1' }],
  ])('reads %s', (url, expected) => {
    expect(parseStoreUrl(url)).toEqual(expected);
  });

  it.each([
    ['mysql://root@db/tocsin', /Unsupported database URL "mysql:\/\/root@db\/tocsin": use sqlite:<path>/],
    ['tocsin.db', /Unsupported database URL "tocsin.db"/],
    ['sqlite:', /names no file/],
    ['postgres://u@db/t?schema=a;drop', /has schema "a;drop": use letters, digits and underscores/],
  ])('rejects %s with a message naming what would work', (url, message) => {
    expect(() => parseStoreUrl(url)).toThrow(message);
  });
});

describe('redactUrl', () => {
  it.each([
    ['postgres://tocsin:hunter2@db:5432/tocsin', 'postgres://tocsin:***@db:5432/tocsin'],
    ['postgres://tocsin:p@ss/w0rd@db/tocsin', 'postgres://tocsin:***@db/tocsin'],
    ['postgres://tocsin@db/tocsin', 'postgres://tocsin@db/tocsin'],
    ['postgres://db/tocsin?user=a&password=hunter2&sslmode=require', 'postgres://db/tocsin?user=a&password=***&sslmode=require'],
    ['sqlite:./data/tocsin.db', 'sqlite:./data/tocsin.db'],
    ['postgres://db:5432/t?x=a@b', 'postgres://db:5432/t?x=a@b'],
  ])('turns %s into %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

describe('resolveStoreUrl', () => {
  it.each([
    ['sqlite:./data/tocsin.db', 'sqlite:/etc/tocsin/data/tocsin.db'],
    ['sqlite:data/tocsin.db', 'sqlite:/etc/tocsin/data/tocsin.db'],
    ['sqlite://data/tocsin.db', 'sqlite:/etc/tocsin/data/tocsin.db'],
    ['sqlite:../shared/tocsin.db', 'sqlite:/etc/shared/tocsin.db'],
    ['sqlite:/var/lib/tocsin/tocsin.db', 'sqlite:/var/lib/tocsin/tocsin.db'],
    ['sqlite:///var/lib/tocsin.db', 'sqlite:///var/lib/tocsin.db'],
    ['sqlite::memory:', 'sqlite::memory:'],
    ['postgres://tocsin@db/tocsin?schema=a', 'postgres://tocsin@db/tocsin?schema=a'],
  ])('makes %s into %s against /etc/tocsin', (url, expected) => {
    expect(resolveStoreUrl(url, '/etc/tocsin')).toBe(expected);
  });
});
