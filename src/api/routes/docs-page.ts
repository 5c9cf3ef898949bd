/** A readable reference of the OpenAPI document: one static page, no CDN, no framework. */
export function docsPage(specUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tocsin API reference</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d2125; }
  h2 { border-bottom: 1px solid #ccd; margin-top: 2rem; text-transform: capitalize; }
  details { border: 1px solid #dde; border-radius: 6px; margin: .5rem 0; padding: .4rem .8rem; }
  summary { cursor: pointer; }
  .method { display: inline-block; min-width: 4.5rem; font: bold 13px monospace; }
  .GET { color: #0a6; } .POST { color: #06c; } .PUT { color: #a60; } .DELETE { color: #c22; }
  code, pre { font: 13px monospace; } pre { background: #f4f5f7; padding: .6rem; overflow: auto; max-height: 24rem; }
  .access { float: right; color: #667; font-size: 13px; }
  @media (prefers-color-scheme: dark) { body { background: #15181c; color: #dde; } pre { background: #222831; } details { border-color: #334; } }
</style>
</head>
<body>
<h1>tocsin API reference</h1>
<p>Generated from <a href="${specUrl}"><code>${specUrl}</code></a>. Send <code>Authorization: Bearer &lt;token&gt;</code>. Errors are JSON <code>{error, field, expected}</code>.</p>
<main id="ops">Loading…</main>
<script>
const el = (tag, props = {}, ...children) => { const node = Object.assign(document.createElement(tag), props); node.append(...children); return node; };
const pretty = (value) => el('pre', {}, JSON.stringify(value, null, 2));
// Answers name a schema of components.schemas, listed under Schemas at the end.
const schemaLink = (r) => {
  const ref = r.content?.['application/json']?.schema?.$ref;
  const name = ref?.split('/').pop();
  return name ? [' — ', el('a', { href: '#schema-' + name }, el('code', {}, name))] : [];
};
fetch(${JSON.stringify(specUrl)}).then((r) => r.json()).then((doc) => {
  const byTag = new Map();
  for (const [path, ops] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(ops)) {
    const tag = op.tags?.[0] ?? 'other';
    if (!byTag.has(tag)) byTag.set(tag, []);
    byTag.get(tag).push({ path, method: method.toUpperCase(), op });
  }
  const main = document.getElementById('ops');
  main.replaceChildren();
  for (const [tag, ops] of byTag) {
    main.append(el('h2', {}, tag));
    for (const { path, method, op } of ops) {
      const body = op.requestBody?.content?.['application/json']?.schema;
      main.append(el('details', {},
        el('summary', {}, el('span', { className: 'method ' + method }, method), el('code', {}, path), ' — ', op.summary, el('span', { className: 'access' }, op['x-access'] ?? '')),
        ...(op.parameters?.length ? [el('h4', {}, 'Parameters'), el('ul', {}, ...op.parameters.map((p) => el('li', {}, el('code', {}, p.name), ' (' + p.in + (p.required ? ', required' : '') + ') ', p.description ?? '')))] : []),
        ...(body ? [el('h4', {}, 'Body'), pretty(body)] : []),
        el('h4', {}, 'Responses'),
        el('ul', {}, ...Object.entries(op.responses).map(([status, r]) => el('li', {}, el('code', {}, status), ' ', r.description, ...schemaLink(r)))),
      ));
    }
  }
  main.append(el('h2', {}, 'Schemas'));
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
    main.append(el('details', { id: 'schema-' + name }, el('summary', {}, el('code', {}, name)), pretty(schema)));
  }
}).catch((error) => { document.getElementById('ops').textContent = 'Could not load the API document: ' + error.message; });
</script>
</body>
</html>
`;
}
