/**
 * The one direction of tocsin's imports (docs/architecture.md). Read each arrow as "is imported by":
 *   lib → core → schema, config → checks, channels → store → web → engine → services → api → main.ts, wiring, supervisor → cli
 * A module may import from its own layer or any layer to its left, never to its right, and never in a cycle.
 * Type-only imports are erased at build time and are not counted.
 * The settings schemas of check types and channels (src/checks/schemas.ts, src/checks/<type>/schema.ts,
 * src/channels/schemas.ts, src/channels/<name>/schema.ts) belong to the schema layer: the monitor and channel
 * schemas are the unions of them, and each type keeps its schema in its own folder.
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
const settingsSchemas = '^src/(checks|channels)/(schemas\\.ts|[^/]+/schema\\.ts)$';

const rules = layers.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.join('-').replace(/\\\./g, '.')}`,
  comment: `${layer.join(', ').replace(/\\/g, '')} may not import from a layer to its right (${layers.slice(i + 1).flat().join(', ').replace(/\\/g, '')})`,
  severity: 'error',
  from: { path: pathOf(layer), pathNot: i < 3 ? undefined : settingsSchemas },
  to: { path: pathOf(layers.slice(i + 1).flat()), dependencyTypesNot: ['type-only'], ...(i === 2 ? { pathNot: settingsSchemas } : {}) },
}));

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'import cycles make the direction meaningless', severity: 'error', from: {}, to: { circular: true, dependencyTypesNot: ['type-only'], viaOnly: { dependencyTypesNot: ['type-only'] } } },
    ...rules,
    {
      name: 'settings-schemas-stay-in-schema-layer',
      comment: 'a check or channel settings schema is part of the config schema: it may import lib, core, schema, other settings schemas and pure helpers of its own folder only',
      severity: 'error',
      from: { path: settingsSchemas },
      to: {
        path: pathOf(['store', 'web', 'engine', 'services', 'api', 'main\\.ts', 'wiring', 'supervisor', 'cli', 'channels']),
        pathNot: settingsSchemas,
        dependencyTypesNot: ['type-only'],
      },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$|^src/.*/testing/' },
  },
};
