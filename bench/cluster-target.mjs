// The cluster benchmark's target, in a process of its own: answers /up/<id> with 200 and
// /down/<id> with 500, and keeps for every monitor when it was last asked and the longest wait
// between two requests since the parent's "mark" (a wait still open counts up to now).
import http from 'node:http';

const last = new Map();
const longest = new Map();
let markAt = Infinity;
let hits = 0;

const server = http.createServer((req, res) => {
  const [, kind, id] = (req.url ?? '').split('/');
  const now = Date.now();
  if (id) {
    hits++;
    const before = last.get(id);
    if (before !== undefined && now >= markAt) longest.set(id, Math.max(longest.get(id) ?? 0, now - before));
    last.set(id, now);
  }
  res.writeHead(kind === 'down' ? 500 : 200, { 'content-type': 'text/plain', connection: 'close', 'content-length': 2 });
  res.end('ok');
});
server.keepAliveTimeout = 0;
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => process.send?.({ port: server.address().port }));
process.on('message', (m) => {
  if (m === 'hits') process.send?.({ hits });
  if (m === 'mark') {
    markAt = Date.now();
    longest.clear();
    process.send?.({ marked: markAt });
  }
  if (m === 'gaps') {
    // Measured from the last request before the mark: a wait that spans the kill counts whole.
    const now = Date.now();
    let worst = { id: '', gap: 0 };
    for (const [id, at] of last) {
      const gap = Math.max(longest.get(id) ?? 0, now - at);
      if (gap > worst.gap) worst = { id, gap };
    }
    process.send?.({ worst, monitors: last.size });
  }
});
process.on('disconnect', () => process.exit(0));
