import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import dnsPacket from 'dns-packet';

/**
 * A real DNS server on 127.0.0.1 (UDP and TCP on the same port) for checks to
 * talk to: it answers from `records`, or fails the way real resolvers fail.
 * 'silent' reads every query and never answers: the resolver that hangs.
 */
export type DnsServerMode = 'answer' | 'silent' | 'servfail' | 'nxdomain';
export type DnsRecordType = 'A' | 'AAAA' | 'CNAME' | 'MX' | 'TXT' | 'NS' | 'SOA';

export interface DnsServerOptions {
  mode: DnsServerMode;
  /** name → type → record data as dns-packet encodes it (A: '10.0.0.1', MX: {preference, exchange}, SOA: {mname, rname, serial}, TXT: string | string[]). */
  records?: Record<string, Partial<Record<DnsRecordType, unknown[]>>>;
}

export interface DnsServer {
  /** '127.0.0.1:port', as a resolver setting takes it. */
  address: string;
  /** Queries received so far, over UDP and TCP. */
  readonly queries: number;
  close(): Promise<void>;
}

const RCODE = { SERVFAIL: 2, NXDOMAIN: 3 } as const;

export async function startDnsServer(opts: DnsServerOptions): Promise<DnsServer> {
  const records = new Map(Object.entries(opts.records ?? {}).map(([name, byType]) => [canonical(name), byType]));
  let queries = 0;
  const reply = (message: Buffer): Buffer | undefined => {
    queries += 1;
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return undefined; // garbage gets no answer, as from a real server, and must not crash the test run
    }
    const response = respond(query, opts.mode, records);
    return response && dnsPacket.encode(response);
  };
  const { udp, tcp, connections } = await bindPair(reply);
  let closing: Promise<void> | undefined;
  udp.on('message', (message, peer) => {
    const answer = reply(message);
    if (answer) udp.send(answer, peer.port, peer.address);
  });
  return {
    address: `127.0.0.1:${udp.address().port}`,
    get queries() {
      return queries;
    },
    // Idempotent, so a test may close early and still leave cleanup to its afterEach.
    close: () =>
      (closing ??= Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve) => {
          for (const socket of connections) socket.destroy();
          tcp.close(() => resolve());
        }),
      ]).then(() => undefined)),
  };
}

/** A UDP port whose TCP twin is free too; another process may hold the TCP side, so try a few ports. */
async function bindPair(reply: Reply): Promise<{ udp: UdpSocket; tcp: Server; connections: Set<Socket> }> {
  for (let attempt = 1; ; attempt += 1) {
    const udp = await bindUdp();
    const connections = new Set<Socket>();
    try {
      const tcp = await listenTcp(udp.address().port, (socket) => {
        connections.add(socket);
        socket.once('close', () => connections.delete(socket));
        serveTcp(socket, reply);
      });
      return { udp, tcp, connections };
    } catch (error) {
      udp.close();
      if (attempt === 10) throw error;
    }
  }
}

type Reply = (message: Buffer) => Buffer | undefined;
type Zone = Map<string, Partial<Record<DnsRecordType, unknown[]>>>;

function respond(query: dnsPacket.DecodedPacket, mode: DnsServerMode, zone: Zone): dnsPacket.Packet | undefined {
  if (mode === 'silent') return undefined;
  const questions = query.questions ?? [];
  const base = { type: 'response' as const, id: query.id, questions };
  const flags = dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE;
  if (mode === 'servfail') return { ...base, flags: flags | RCODE.SERVFAIL };
  const question = questions[0];
  if (mode === 'nxdomain' || !question || !zone.has(canonical(question.name))) return { ...base, flags: flags | RCODE.NXDOMAIN };
  return { ...base, flags: flags | dnsPacket.AUTHORITATIVE_ANSWER, answers: answersFor(question.name, question.type, zone) };
}

/** Records of `type` for `name`, following one CNAME as a recursive resolver would. */
function answersFor(name: string, type: string, zone: Zone): dnsPacket.Answer[] {
  const byType = zone.get(canonical(name)) ?? {};
  const direct = byType[type as DnsRecordType];
  if (direct) return direct.map((data) => answer(name, type, data));
  const alias = byType.CNAME?.[0];
  if (typeof alias !== 'string') return [];
  const target = zone.get(canonical(alias))?.[type as DnsRecordType] ?? [];
  return [answer(name, 'CNAME', alias), ...target.map((data) => answer(alias, type, data))];
}

function answer(name: string, type: string, data: unknown): dnsPacket.Answer {
  // The caller supplies data in dns-packet's shape for the type; dns-packet validates it when encoding.
  return { name, type, class: 'IN', ttl: 60, data } as dnsPacket.Answer;
}

function canonical(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

function bindUdp(): Promise<UdpSocket> {
  return new Promise((resolve, reject) => {
    const udp = createSocket('udp4');
    udp.once('error', reject);
    udp.bind(0, '127.0.0.1', () => {
      udp.off('error', reject);
      resolve(udp);
    });
  });
}

/** DNS over TCP on the UDP port, so c-ares can retry truncated answers there. */
function listenTcp(port: number, onConnection: (socket: Socket) => void): Promise<Server> {
  const server = createServer(onConnection);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** Each TCP message is prefixed by its 2-byte length. */
function serveTcp(socket: Socket, reply: Reply): void {
  let pending = Buffer.alloc(0);
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
      const length = pending.readUInt16BE(0);
      const answer = reply(pending.subarray(2, 2 + length));
      pending = pending.subarray(2 + length);
      if (answer) socket.write(Buffer.concat([lengthPrefix(answer.length), answer]));
    }
  });
}

function lengthPrefix(length: number): Buffer {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(length);
  return prefix;
}
