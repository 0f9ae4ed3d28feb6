/**
 * Scaled dot-product attention on plain numbers, every step kept, plus which
 * cells produced each cell. Internal: the numbers behind {@link attentionSteps}.
 * Float64 throughout.
 */

/** A row-major matrix. */
export interface Grid {
  rows: number;
  cols: number;
  values: Float64Array;
}

/** The steps, in the order they are drawn. */
export const STEP_NAMES = ['q', 'kT', 'scores', 'scaled', 'masked', 'weights', 'v', 'output'] as const;
/**
 * The name of one matrix of {@link attentionSteps}: `"q"`, `"kT"`, `"scores"`
 * (QKᵀ), `"scaled"` (÷√dHead), `"masked"`, `"weights"` (softmax), `"v"` or `"output"` (×V).
 *
 * @example
 * steps.highlight({ step: 'weights', row: 0, col: 2 });
 */
export type StepName = (typeof STEP_NAMES)[number];

export type Steps = Record<StepName, Grid>;

const grid = (rows: number, cols: number, f: (i: number, j: number) => number): Grid => {
  const values = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) values[i * cols + j] = f(i, j);
  return { rows, cols, values };
};
const at = (g: Grid, i: number, j: number): number => g.values[i * g.cols + j]!;

/**
 * `q [seqLenQ, dHead]`, `k [seqLenK, dHead]`, `v [seqLenK, dValue]`, `keep
 * [seqLenQ, seqLenK]` (1 = attend) → every step. A row with nothing kept gets
 * zero weights and a zero output.
 */
export function computeAttentionSteps(q: Grid, k: Grid, v: Grid, keep: Uint8Array): Steps {
  const dHead = q.cols;
  const kT = grid(k.cols, k.rows, (i, j) => at(k, j, i)); // [dHead, seqLenK]
  const scores = grid(q.rows, k.rows, (i, j) => {
    let s = 0;
    for (let t = 0; t < dHead; t++) s += at(q, i, t) * at(kT, t, j);
    return s;
  });
  const scale = dHead > 0 ? 1 / Math.sqrt(dHead) : 1;
  const scaled = grid(scores.rows, scores.cols, (i, j) => at(scores, i, j) * scale);
  const masked = grid(scaled.rows, scaled.cols, (i, j) => (keep[i * scaled.cols + j] ? at(scaled, i, j) : -Infinity));
  const weights = grid(masked.rows, masked.cols, () => 0);
  for (let i = 0; i < masked.rows; i++) {
    let max = -Infinity;
    for (let j = 0; j < masked.cols; j++) max = Math.max(max, at(masked, i, j));
    if (max === -Infinity) continue;
    let sum = 0;
    for (let j = 0; j < masked.cols; j++) sum += Math.exp(at(masked, i, j) - max);
    for (let j = 0; j < masked.cols; j++) weights.values[i * masked.cols + j] = Math.exp(at(masked, i, j) - max) / sum;
  }
  const output = grid(weights.rows, v.cols, (i, j) => {
    let s = 0;
    for (let t = 0; t < weights.cols; t++) s += at(weights, i, t) * at(v, t, j);
    return s;
  });
  return { q, kT, scores, scaled, masked, weights, v, output };
}

/** A set of cells per step: `sources.get('q')` holds flat indices into `q`. */
export type CellSet = Map<StepName, Set<number>>;

/** Every cell that went into computing cell `(i, j)` of `step` (not the cell itself). */
export function cellSources(steps: Steps, step: StepName, i: number, j: number): CellSet {
  const out: CellSet = new Map();
  const add = (name: StepName, r: number, c: number): void => {
    const set = out.get(name) ?? new Set<number>();
    set.add(r * steps[name].cols + c);
    out.set(name, set);
  };
  const row = (name: StepName, r: number): void => {
    for (let c = 0; c < steps[name].cols; c++) add(name, r, c);
  };
  const col = (name: StepName, c: number): void => {
    for (let r = 0; r < steps[name].rows; r++) add(name, r, c);
  };
  const scoresOf = (r: number, c: number): void => {
    row('q', r);
    col('kT', c);
  };
  const upTo = (level: 'scores' | 'scaled' | 'masked', r: number, c: number): void => {
    scoresOf(r, c);
    if (level === 'scores') return;
    add('scores', r, c);
    if (level === 'scaled') return;
    add('scaled', r, c);
  };
  const weightsRow = (r: number): void => {
    for (let c = 0; c < steps.masked.cols; c++) {
      add('masked', r, c);
      upTo('masked', r, c);
    }
  };
  switch (step) {
    case 'q':
    case 'kT':
    case 'v':
      break;
    case 'scores':
    case 'scaled':
    case 'masked':
      upTo(step, i, j);
      break;
    case 'weights':
      weightsRow(i);
      break;
    case 'output':
      row('weights', i);
      weightsRow(i);
      col('v', j);
      break;
  }
  return out;
}
