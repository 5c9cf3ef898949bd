/**
 * The one direction of tocsin's imports (docs/architecture.md). Read each arrow as "is imported by":
 *   lib → core → schema, config → checks, channels → store → web → engine → services → api → main.ts, wiring, supervisor → cli
 * A module may import from its own layer or any layer to its left, never to its right, and never in a cycle.
 * Type-only imports are erased at build time and are not counted.
 * The check types' settings schemas (src/checks/schemas.ts, src/checks/<type>/schema.ts) belong to the schema
 * layer: the monitor schema is the union of them, and a check type's schema lives in its own folder.
 */
const layers = [
  ['lib'],
  ['core'],
  ['schema', 'config'],
  ['checks', 'channels'],
  ['store'],
  ['web'],
  ['engine'],
  ['services'],
  ['api'],
  ['main\\.ts', 'wiring', 'supervisor'],
  ['cli'],
];
const pathOf = (names) => `^src/(${names.join('|')})(/|$)`;
const checkSchemas = '^src/checks/(schemas\\.ts|[^/]+/schema\\.ts)$';

const rules = layers.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.join('-').replace(/\\\./g, '.')}`,
  comment: `${layer.join(', ').replace(/\\/g, '')} may not import from a layer to its right (${layers.slice(i + 1).flat().join(', ').replace(/\\/g, '')})`,
  severity: 'error',
  from: { path: pathOf(layer), pathNot: i < 3 ? undefined : checkSchemas },
  to: { path: pathOf(layers.slice(i + 1).flat()), dependencyTypesNot: ['type-only'], ...(i === 2 ? { pathNot: checkSchemas } : {}) },
}));

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'import cycles make the direction meaningless', severity: 'error', from: {}, to: { circular: true, dependencyTypesNot: ['type-only'], viaOnly: { dependencyTypesNot: ['type-only'] } } },
    ...rules,
    {
      name: 'check-schemas-stay-in-schema-layer',
      comment: 'a check settings schema is part of the config schema: it may import lib, core, schema and pure helpers of its own folder only',
      severity: 'error',
      from: { path: checkSchemas },
      to: { path: pathOf(['store', 'web', 'engine', 'services', 'api', 'main\\.ts', 'wiring', 'supervisor', 'cli', 'channels']), dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$|^src/.*/testing/' },
  },
};
