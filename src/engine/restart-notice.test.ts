import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../store/migrate.js';
import { openStore, type Store } from '../store/open.js';
import { listOutbox } from '../store/outbox.js';
import { buildNotices, decodeNotice, encodeNotice, enqueueRestartNotice, noticeMessage, RESTART_ENV, type RestartNotice } from './restart-notice.js';

const downSince = Date.parse('2024-03-01T02:14:05Z');
const notice: RestartNotice = { reasons: ['event loop blocked for 9.2 s'], downSince, restarts: 1 };

let store: Store | undefined;
afterEach(async () => store?.close());

describe('restart notice', () => {
  it('travels through the environment unchanged', () => {
    expect(decodeNotice({ [RESTART_ENV]: encodeNotice(notice) })).toEqual(notice);
  });

  it.each([undefined, '', 'not json', '{"reasons":"x"}'])('is absent for a first start or a garbled variable (%j)', (text) => {
    expect(decodeNotice(text === undefined ? {} : { [RESTART_ENV]: text })).toBeUndefined();
  });

  it('says why, and from when to when tocsin was down', () => {
    expect(noticeMessage(notice, downSince + 7_000)).toBe(
      'engine restarted: event loop blocked for 9.2 s; down from 02:14:05 to 02:14:12 UTC (7.0 s); runs that fell due meanwhile are recorded as missed',
    );
  });

  it('carries whether an engine already came back in this outage (a restart loop), and nothing else for it', () => {
    const looping = { ...notice, restarts: 2, cameBack: true };
    expect(decodeNotice({ [RESTART_ENV]: encodeNotice(looping) })).toEqual(looping);
    expect(decodeNotice({ [RESTART_ENV]: JSON.stringify({ ...notice, cameBack: 'yes' }) })).toEqual(notice);
  });

  it('carries the monitors to quarantine, and names them with how to release them', () => {
    const frozen = {
      ...notice,
      reasons: ['event loop blocked for 2.1 s while checking slow', 'event loop blocked for 2.0 s while checking slow'],
      quarantine: ['slow'],
    };
    expect(decodeNotice({ [RESTART_ENV]: encodeNotice(frozen) })).toEqual(frozen);
    expect(noticeMessage(frozen, downSince + 7_000)).toMatch(
      /while checking slow; then .*; quarantined slow: running at two freezes in a row, not checked until edited or released \(POST \/api\/v1\/monitors\/slow\/release\)$/,
    );
  });

  it('names a crash loop', () => {
    const looping = { ...notice, reasons: ['the engine exited with code 1', 'the engine exited with code 1'], restarts: 3 };
    expect(noticeMessage(looping, downSince + 30_000)).toContain(
      'code 1; then the engine exited with code 1; down from 02:14:05 to 02:14:35 UTC (30 s); 3 restarts in a row',
    );
  });

  it('builds one tocsin.self notification per channel, sharing one dedup key', () => {
    const rows = buildNotices(notice, ['ops-slack', 'pager'], downSince + 7_000, '127.0.0.1:8080');
    expect(rows.map((r) => r.channel)).toEqual(['ops-slack', 'pager']);
    expect(new Set(rows.map((r) => r.dedupKey)).size).toBe(1);
    expect(rows[0]!.notification).toMatchObject({ event: 'tocsin.self', state: 'down', since: '2024-03-01T02:14:05.000Z', monitor: { id: 'tocsin' } });
    expect(rows[0]!.notification.id).toBe(rows[0]!.id);
  });

  it('lands in the outbox once, even when the new engine writes it twice', async () => {
    store = await openStore('sqlite::memory:');
    await migrate(store.db);
    await enqueueRestartNotice(store.db, notice, ['ops'], downSince + 7_000, '127.0.0.1:1');
    await enqueueRestartNotice(store.db, notice, ['ops'], downSince + 8_000, '127.0.0.1:1');
    const rows = await listOutbox(store.db);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.notification.message).toContain('event loop blocked for 9.2 s');
  });
});
