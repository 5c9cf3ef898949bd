// Appends "<importer> <imported>" for every module resolved, one file per process, in the directory
// TOCSIN_TEST_MODULE_GRAPH names. Worker threads of the process write to the same file; their entry
// modules have no importer, so what the main thread loaded is what its entry reaches.
import { appendFileSync } from 'node:fs';

const dir = process.env.TOCSIN_TEST_MODULE_GRAPH;

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (dir) appendFileSync(`${dir}/${process.pid}.txt`, `${context.parentURL ?? '-'} ${resolved.url}\n`);
  return resolved;
}
