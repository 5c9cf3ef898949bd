import { expect, it } from 'vitest';
import { notification } from '../../src/channels/testing/fixtures.js';
import { Housekeeping } from '../../src/engine/housekeeping.js';
import { silentLogger } from '../../src/lib/logger.js';
import { housekeep } from '../../src/store/housekeep.js';
import { insertNotifications, listOutbox, markDelivered } from '../../src/store/outbox.js';
import { insertResults, recentResults } from '../../src/store/results.js';
import { describeStore } from '../store/dialects.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);

describeStore('housekeeping', (store) => {
  it('rolls results up, prunes raw results and finished notifications past retention, and keeps pending ones', async () => {
    const db = store().db;
    const result = (at: number) => ({ monitorId: 'web', at, status: 'up' as const, latencyMs: 5, message: 'ok', timings: {} });
    await insertResults(db, [result(NOW - 20 * DAY), result(NOW - 19 * DAY), result(NOW - DAY)]);
    const old = (id: string) => ({ id, dedupKey: id, channel: 'ops', monitorId: 'web', notification: notification(), createdAt: NOW - 20 * DAY });
    await insertNotifications(db, [old('delivered'), old('pending')]);
    await markDelivered(db, ['delivered'], NOW - 20 * DAY);

    const housekeeping = new Housekeeping(
      (now, retention) => housekeep(db, now, retention),
      { now: () => NOW },
      silentLogger(),
      () => ({ raw: 14 * DAY, rollups: 400 * DAY }),
    );
    await housekeeping.runOnce();

    expect((await recentResults(db, 'web')).map((r) => r.at)).toEqual([NOW - DAY]);
    expect((await listOutbox(db)).map((n) => n.id)).toEqual(['pending']);
  });
});
