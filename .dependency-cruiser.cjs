/**
 * The floors of the house, checked by `npm test` (npx depcruise src). Folders under src/ are the
 * stages of the data flow, upstream first:
 *
 *   cli -> servers -> plan -> lifecycle -> engine -> pacing -> protocols -> grpc -> payloads
 *       -> transports -> results -> reporters,   and core (imported by all, importing none).
 *
 * A module may import its own stage, any stage after it, and core. The one exception is the
 * typed values that flow *down* the pipeline: any stage may `import type` the Plan (plan/) and
 * the result model (results/), as the engine takes a Plan and reporters take results.
 * Reporters never see the engine or a transport, not even as a type.
 */
const STAGES = [
  'cli',
  'servers',
  'plan',
  'lifecycle',
  'engine',
  'pacing',
  'protocols',
  'grpc',
  'payloads',
  'transports',
  'results',
  'reporters',
];

/** upstreamOf lists the stages a stage may not import (those before it). */
const upstreamRules = STAGES.slice(1).map((stage, i) => {
  const upstream = STAGES.slice(0, i + 1);
  return {
    name: `${stage}-imports-downstream-only`,
    comment: `${stage}/ may import only ${STAGES.slice(i + 1).join(', ')} and core/ (plan/results types excepted)`,
    severity: 'error',
    from: { path: `^src/${stage}/` },
    to: {
      path: `^src/(${upstream.join('|')})/`,
      // A type-only import of the Plan or of the result model carries no code upstream.
      pathNot: '^src/(plan|results)/',
    },
  };
});

const typeOnlyUpstream = STAGES.slice(1).map((stage, i) => ({
  name: `${stage}-no-upstream-values`,
  comment: `${stage}/ may import plan/ and results/ for their types only`,
  severity: 'error',
  from: { path: `^src/${stage}/` },
  to: {
    path: `^src/(${STAGES.slice(0, i + 1).filter((s) => s === 'plan' || s === 'results').join('|') || 'none'})/`,
    dependencyTypesNot: ['type-only'],
  },
}));

module.exports = {
  forbidden: [
    {
      name: 'core-is-a-leaf',
      comment: 'core/ (units, errors, the result model) imports nothing of loadgen',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/(core|types)/' },
    },
    {
      name: 'reporters-never-see-engine-or-transports',
      comment: 'reporters are pure functions of the result model',
      severity: 'error',
      from: { path: '^src/reporters/' },
      to: { path: '^src/(engine|transports)/' },
    },
    {
      name: 'engine-never-imports-cli',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'no-stray-folders',
      comment: 'every module lives in one of the stages (a new folder needs its place in STAGES)',
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/(core|types|${STAGES.join('|')})/` },
      to: {},
    },
    {
      name: 'no-circular',
      comment: 'no module needs itself at run time (cycles through type-only imports are erased)',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    ...upstreamRules,
    ...typeOnlyUpstream,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
