// A minimal HTTP target for the engine benchmark, run as its own process so
// its CPU is not counted as the engine's. No keep-alive: every check is a new
// connection, as tocsin's checks are.
import http from 'node:http';

/** Requests answered, by the first segment of the path (`/a/m1` counts under `a`): bench/check-cpu.mjs. */
const counts = {};
const server = http.createServer((req, res) => {
  const slash = req.url.indexOf('/', 1);
  const prefix = slash > 0 ? req.url.slice(1, slash) : '';
  counts[prefix] = (counts[prefix] ?? 0) + 1;
  res.writeHead(200, { 'content-type': 'text/plain', connection: 'close', 'content-length': 2 });
  res.end('ok');
});
server.keepAliveTimeout = 0;
// A deep accept backlog: a dropped SYN costs the client a 1 s retransmit, which
// would measure the target rather than tocsin.
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => process.send?.({ port: server.address().port }));
process.on('message', (m) => {
  if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  if (m === 'counts') process.send?.({ counts });
});
process.on('disconnect', () => process.exit(0));
