/**
 * What services keep as JSON is read back through a schema: a damaged list of received inbound alerts
 * is logged and started afresh, and a resolved incident's kept facts that do not read are gathered again
 * from the store, instead of either being handed on with the wrong type.
 */
import { pino } from 'pino';
import { beforeEach, expect, it } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import { InboundAlerts } from '../../src/services/inbound-alerts.js';
import { keepFacts, timelineSources } from '../../src/services/incident-facts.js';
import { changeIncident, openByHand } from '../../src/services/incident-response.js';
import { getMeta, setMeta } from '../../src/store/meta.js';
import { getFacts, getIncident, saveFacts } from '../../src/store/response-incidents.js';
import { describeStore } from './dialects.js';

const T0 = Date.UTC(2026, 11, 1, 10);

describeStore('JSON kept by services', (store) => {
  beforeEach(async () => {
    const db = store().db.withTables<{ response_incident_events: { id: string }; response_incidents: { id: string } }>();
    await db.deleteFrom('response_incident_events').execute();
    await db.deleteFrom('response_incidents').execute();
  });

  it('starts inbound alerts afresh from a damaged stored list, saying why, and keeps the next alert', async () => {
    const logged: { msg: string }[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line) as { msg: string }) });
    const loaded = loadConfigText('monitors: []\n', 'tocsin.yaml', {});
    if (!loaded.ok) throw new Error('the test config does not load');
    const config = loaded.config;
    const inbound = new InboundAlerts({
      db: store().db,
      clock: { now: () => T0 },
      logger,
      config: () => config,
      record: () => {},
      onMonitorsChanged: () => {},
    });
    for (const damaged of ['[{"id":"alertmanager-x"', '[{"id":"alertmanager-x","name":7,"seenAt":1}]']) {
      logged.length = 0;
      await setMeta(store().db, 'inbound_monitors', damaged);
      await inbound.load();
      expect(inbound.monitors()).toEqual([]);
      expect(logged.map((l) => l.msg)).toEqual([
        expect.stringMatching(/^inbound alerts: the stored list of received alerts cannot be read \((not JSON|invalid at 0\.name)/),
      ]);
    }
    await inbound.receive([{ source: 'am', key: 'disk', title: 'Disk full', firing: true, severity: 'down', message: (name) => `${name}: disk 95 %` }]);
    expect(JSON.parse((await getMeta(store().db, 'inbound_monitors'))!)).toEqual([expect.objectContaining({ id: 'am-disk' })]);
    expect(inbound.monitors().map((m) => m.id)).toEqual(['am-disk']);
  });

  it("gathers a resolved incident's facts again when the kept copy does not read", async () => {
    const ctx = { db: store().db, now: T0, actor: { kind: 'cli' as const, label: 'ana' } };
    const opened = await openByHand(ctx, { title: 'Mirrors slow', severity: 2, components: [] });
    await changeIncident({ ...ctx, now: T0 + 1000 }, opened.id, { state: 'resolved' });
    const incident = (await getIncident(store().db, opened.id))!;
    const gathered = await timelineSources(store().db, incident, T0 + 2000);
    await keepFacts(store().db, incident, T0 + 2000);
    expect(await getFacts(store().db, opened.id)).not.toBeNull();
    for (const damaged of ['{"failures":[', '{"failures":[],"notifications":[],"acks":[{"monitorId":"web"}],"postUpdates":[]}']) {
      await saveFacts(store().db, opened.id, damaged);
      expect(await timelineSources(store().db, incident, T0 + 2000)).toEqual(gathered);
    }
  });
});
