// Preloaded into one probe agent (node --import): connects to TOCSIN_TEST_BLACKHOLE_PORT on this
// host are swallowed as a blackholed route swallows SYNs — the socket stays connecting until the
// check's deadline destroys it. Everything else (the agent's own calls to tocsin) connects as usual.
import net from 'node:net';

const port = Number(process.env.TOCSIN_TEST_BLACKHOLE_PORT);
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const options = typeof args[0] === 'object' && args[0] !== null ? (Array.isArray(args[0]) ? args[0][0] : args[0]) : { port: args[0] };
  if (Number(options?.port) === port) {
    this.connecting = true;
    return this;
  }
  return connect.apply(this, args);
};
