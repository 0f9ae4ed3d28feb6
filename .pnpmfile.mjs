// pnpm hooks for this workspace. `beforePacking` shapes the package.json that
// `pnpm pack` and `pnpm publish` put in a tarball; the package.json files in
// the repository keep what the workspace needs.

const SOURCE_CONDITION = '@attention-lab/source';

/** An `exports` value without the source condition, which points into src/ (not shipped). */
function withoutSourceCondition(value) {
  if (Array.isArray(value)) return value.map(withoutSourceCondition);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== SOURCE_CONDITION)
      .map(([key, inner]) => [key, withoutSourceCondition(inner)]),
  );
}

/**
 * Drops from a workspace package what only the workspace uses: the
 * `@attention-lab/source` condition in `exports`, `sideEffects` paths into
 * src/, the scripts and the devDependencies.
 */
function beforePacking(pkg) {
  if (!pkg.name?.startsWith('@attention-lab/')) return pkg;
  if (pkg.exports) pkg.exports = withoutSourceCondition(pkg.exports);
  if (Array.isArray(pkg.sideEffects)) pkg.sideEffects = pkg.sideEffects.filter((path) => !path.startsWith('./src/'));
  delete pkg.scripts;
  delete pkg.devDependencies;
  return pkg;
}

export const hooks = { beforePacking };
