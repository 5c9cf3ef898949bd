/** Ready-to-paste snippets for reporting to a heartbeat, in the forms the Healthchecks docs use. */
export interface PingUrls {
  base: string;
  start: string;
  fail: string;
  log: string;
}

export function pingUrls(origin: string, uuid: string): PingUrls {
  const base = `${origin}/ping/${uuid}`;
  return { base, start: `${base}/start`, fail: `${base}/fail`, log: `${base}/log` };
}

export function snippets(urls: PingUrls, name: string): [string, string][] {
  const job = name.replace(/[^\w.-]+/g, '-').toLowerCase() || 'job';
  return [
    ['curl', `# success\ncurl -fsS -m 10 --retry 5 ${urls.base}\n# failure\ncurl -fsS -m 10 --retry 5 ${urls.fail}`],
    [
      'cron',
      `# m h dom mon dow: report start, then the exit status and the last 100 kB of output\n` +
        `0 2 * * * curl -fsS -m 10 --retry 5 ${urls.start} >/dev/null; OUT=$(/usr/local/bin/${job} 2>&1); curl -fsS -m 10 --retry 5 --data-raw "$OUT" ${urls.base}/$? >/dev/null`,
    ],
    [
      'systemd',
      `# /etc/systemd/system/${job}.service\n[Service]\nType=oneshot\nExecStartPre=-/usr/bin/curl -fsS -m 10 --retry 5 ${urls.start}\nExecStart=/usr/local/bin/${job}\nExecStartPost=/usr/bin/curl -fsS -m 10 --retry 5 ${urls.base}\nExecStopPost=/bin/sh -c 'test "$SERVICE_RESULT" = success || /usr/bin/curl -fsS -m 10 --retry 5 ${urls.fail}'\n\n` +
        `# /etc/systemd/system/${job}.timer\n[Timer]\nOnCalendar=daily\nPersistent=true\n\n[Install]\nWantedBy=timers.target`,
    ],
    [
      'GitHub Actions',
      `# .github/workflows/${job}.yml, as the last steps of the job\n      - name: Tell tocsin it worked\n        if: success()\n        run: curl -fsS -m 10 --retry 5 ${urls.base}\n      - name: Tell tocsin it failed\n        if: failure()\n        run: curl -fsS -m 10 --retry 5 ${urls.fail}`,
    ],
  ];
}
