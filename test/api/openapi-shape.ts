/**
 * Structural checks of an OpenAPI 3.1 document, standing in for @apidevtools/swagger-parser or
 * redocly (not installed): the rules their linters fail on that a generator can get wrong.
 */
type Node = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export function openApiProblems(doc: Node): string[] {
  const problems: string[] = [];
  const say = (text: string) => problems.push(text);
  if (typeof doc.openapi !== 'string' || !/^3\.1\.\d+$/.test(doc.openapi)) say(`openapi: expected 3.1.x, got ${String(doc.openapi)}`);
  const info = doc.info as Node | undefined;
  if (!info || typeof info.title !== 'string' || typeof info.version !== 'string') say('info: needs a title and a version');
  const servers = doc.servers as Node[] | undefined;
  if (!Array.isArray(servers) || servers.length === 0 || servers.some((s) => typeof s.url !== 'string')) say('servers: needs at least one server with a url');
  const declaredTags = new Set(((doc.tags as Node[] | undefined) ?? []).map((t) => t.name));
  const schemes = (doc.components as Node | undefined)?.securitySchemes as Node | undefined;
  const operationIds = new Set<string>();
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Node>)) {
    if (!path.startsWith('/')) say(`${path}: paths start with /`);
    if (/:[A-Za-z]/.test(path)) say(`${path}: path parameters are written {name}, not :name`);
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    for (const [method, op] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${path}`;
      if (!METHODS.includes(method)) {
        say(`${where}: not an HTTP method`);
        continue;
      }
      const operation = op as Node;
      if (typeof operation.summary !== 'string' || operation.summary === '') say(`${where}: no summary`);
      const id = operation.operationId as string;
      if (typeof id !== 'string') say(`${where}: no operationId`);
      else if (operationIds.has(id)) say(`${where}: operationId ${id} used twice`);
      else operationIds.add(id);
      for (const tag of (operation.tags as string[] | undefined) ?? []) if (!declaredTags.has(tag)) say(`${where}: tag ${tag} not declared in tags`);
      const parameters = (operation.parameters as Node[] | undefined) ?? [];
      const inPath = parameters.filter((p) => p.in === 'path');
      for (const name of templated) {
        const p = inPath.find((q) => q.name === name);
        if (!p) say(`${where}: path parameter {${name}} not declared`);
        else if (p.required !== true) say(`${where}: path parameter {${name}} must be required`);
      }
      for (const p of inPath) if (!templated.includes(String(p.name))) say(`${where}: path parameter ${String(p.name)} is not in the path`);
      const seen = new Set<string>();
      for (const p of parameters) {
        const key = `${String(p.in)}:${String(p.name)}`;
        if (seen.has(key)) say(`${where}: parameter ${key} twice`);
        seen.add(key);
        if (!['path', 'query', 'header', 'cookie'].includes(String(p.in))) say(`${where}: parameter ${String(p.name)} in ${String(p.in)}`);
        if (p.schema === undefined && p.content === undefined) say(`${where}: parameter ${String(p.name)} has no schema`);
      }
      const responses = operation.responses as Record<string, Node> | undefined;
      if (!responses || Object.keys(responses).length === 0) say(`${where}: no responses`);
      for (const [status, response] of Object.entries(responses ?? {})) {
        if (!/^(?:[1-5](?:\d\d|XX)|default)$/.test(status)) say(`${where}: response ${status} is not a status code`);
        if (typeof response.description !== 'string') say(`${where}: response ${status} has no description`);
      }
      for (const requirement of (operation.security as Node[] | undefined) ?? []) {
        for (const name of Object.keys(requirement)) if (!schemes || !(name in schemes)) say(`${where}: security scheme ${name} is not defined`);
      }
    }
  }
  for (const ref of refs(doc)) if (resolve(doc, ref) === undefined) say(`$ref ${ref} does not resolve`);
  return problems;
}

function refs(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(refs);
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) => (key === '$ref' && typeof value === 'string' ? [value] : refs(value)));
}

function resolve(doc: Node, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (typeof node === 'object' && node !== null ? (node as Node)[part] : undefined), doc);
}
