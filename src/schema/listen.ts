/**
 * The rule of server.listen, without zod: `tocsin start --listen` checks its value with it in the
 * supervisor process, which loads no schema (issue 14: a small install is small).
 */
export const LISTEN = /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})$/;

/** What is wrong with a "host:port", or undefined when nothing is. */
export function listenProblem(text: string): string | undefined {
  const port = LISTEN.exec(text)?.[1];
  if (port === undefined) return 'expected host:port such as 127.0.0.1:8080 or [::1]:8080';
  if (Number(port) > 65535) return `expected a port between 0 and 65535, got ${port}`;
  return undefined;
}
