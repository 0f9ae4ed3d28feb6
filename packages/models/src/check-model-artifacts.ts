import * as tf from '@tensorflow/tfjs';

/** Where a model's two parts came from, for error messages: its `model.json` and its weights file(s). */
export interface ArtifactFiles {
  /** The file holding the topology and the weights manifest, e.g. a URL or a path to `model.json`. */
  model: string;
  /** The file or files holding the weight bytes, e.g. a URL or a path to `weights.bin`. */
  weights: string;
}

/**
 * Checks a layers model's artifacts before `tf.loadLayersModel` builds
 * anything from them: every weight in the manifest is well formed, the weight
 * bytes are exactly as many as the manifest describes, and every weight has
 * the name and shape the topology's model needs. `tf.loadLayersModel` builds
 * the model and decodes every weight before it compares shapes, and when they
 * differ it throws with the model and the decoded weights still allocated, in
 * a message that names neither file nor weight; after this check it cannot
 * fail that way. The shapes come from a copy of the model built with zero
 * initializers and disposed at once (a few milliseconds; random orthogonal
 * initializers would take seconds). Internal: `loadPretrained` and the
 * `fileSystem` handler share it, so their errors read the same.
 *
 * @param fn - The public function loading, for the messages, e.g. `'loadPretrained'`.
 * @param artifacts - What the IO handler read: `modelTopology`, `weightSpecs`, `weightData`.
 * @param files - The files they came from, named in the messages.
 * @returns Nothing; throws an Error naming `fn`, the file and the weight, and leaves no tensor behind.
 * @example
 * await checkModelArtifacts('loadPretrained', artifacts, { model: modelUrl.href, weights: weightsUrl.href });
 * const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
 */
export async function checkModelArtifacts(fn: string, artifacts: tf.io.ModelArtifacts, files: ArtifactFiles): Promise<void> {
  if (artifacts.weightData == null) return;
  const specs = artifacts.weightSpecs;
  if (!Array.isArray(specs)) throw new Error(`${fn}: ${files.model} has no weights manifest, but ${files.weights} holds weights`);
  checkWeightBytes(fn, specs, weightByteLength(artifacts.weightData), files);
  const topology = artifacts.modelTopology;
  if (topology == null || topology instanceof ArrayBuffer || typeof topology !== 'object') return; // not a layers model: nothing to build
  const needed = await weightShapes(fn, topology as object, files);
  checkWeightShapes(fn, specs, needed, files);
}

/** Bytes per element a manifest entry stores: its quantized dtype if any, else its own. */
function bytesPerElement(fn: string, spec: tf.io.WeightsManifestEntry, files: ArtifactFiles): number {
  const stored: string = spec.quantization?.dtype ?? spec.dtype;
  const bytes = ({ float32: 4, int32: 4, bool: 1, complex64: 8, uint8: 1, uint16: 2, float16: 2 } as Record<string, number>)[stored];
  if (bytes === undefined) throw new Error(`${fn}: ${files.model} stores weight '${spec.name}' as ${JSON.stringify(stored)}, which a layers model cannot load`);
  return bytes;
}

function weightByteLength(data: tf.io.WeightData): number {
  return Array.isArray(data) ? data.reduce((sum, buffer) => sum + buffer.byteLength, 0) : data.byteLength;
}

function weightLabel(spec: tf.io.WeightsManifestEntry): string {
  return `'${spec.name}' [${spec.shape.join(', ')}]`;
}

/** Every entry has a name and a shape of non-negative integers, and the entries' bytes add up to `byteLength`. */
function checkWeightBytes(fn: string, specs: tf.io.WeightsManifestEntry[], byteLength: number, files: ArtifactFiles): void {
  const sizes = specs.map((spec, index) => {
    if (spec == null || typeof spec.name !== 'string' || !Array.isArray(spec.shape) || !spec.shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new Error(`${fn}: ${files.model} lists weight ${index} as ${JSON.stringify(spec)}; each weight needs a name and a shape of non-negative integers`);
    }
    return spec.shape.reduce((a, b) => a * b, 1) * bytesPerElement(fn, spec, files);
  });
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total === byteLength) return;
  const problem = `${fn}: ${files.weights} has ${byteLength} bytes but ${files.model} describes ${total}`;
  if (total < byteLength) {
    const last = specs.at(-1);
    throw new Error(`${problem}: ${byteLength - total} bytes follow ${last ? `the last weight ${weightLabel(last)}` : 'an empty manifest'}; the two files are from different trainings`);
  }
  let offset = 0;
  let index = 0;
  while (offset + sizes[index]! <= byteLength) offset += sizes[index++]!;
  throw new Error(`${problem}: it ends inside weight ${weightLabel(specs[index]!)} (bytes ${offset}–${offset + sizes[index]!}); the file is truncated or the two files are from different trainings`);
}

/**
 * The name, shape and dtype of every weight the topology's model holds, read
 * from a copy built with zero initializers and then disposed. A topology that
 * does not build is an error naming the file, and what the build allocated
 * before it failed is disposed: `tf.models.modelFromJSON` builds the layers
 * synchronously before its first `await`, so the tensors tracked in a scope
 * around the call and the variables registered during it are exactly the
 * build's own (tensors a layer keeps with `tf.keep`, such as a sinusoid
 * table, included).
 */
async function weightShapes(fn: string, topology: object, files: ArtifactFiles): Promise<Map<string, { shape: number[]; dtype: string }>> {
  const engine = tf.engine();
  const before = new Set(Object.keys(engine.state.registeredVariables));
  let pending: Promise<tf.LayersModel>;
  let tracked: tf.Tensor[];
  engine.startScope();
  try {
    pending = tf.models.modelFromJSON({ modelTopology: withZeroInitializers(topology) as tf.ModelAndWeightsConfig['modelTopology'] });
  } finally {
    tracked = [...engine.state.activeScope.track];
    engine.endScope(); // frees the build's temporaries; the probe is only read for shapes
  }
  const variables = Object.entries(engine.state.registeredVariables).filter(([name]) => !before.has(name)).map(([, variable]) => variable);
  let probe: tf.LayersModel;
  try {
    probe = await pending;
  } catch (error) {
    for (const tensor of [...tracked, ...variables]) tensor.dispose();
    throw new Error(`${fn}: cannot build the model ${files.model} describes: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  const shapes = new Map(probe.weights.map((w) => [w.originalName, { shape: w.shape.map(Number), dtype: w.dtype as string }]));
  probe.dispose();
  return shapes;
}

/** A copy of a Keras topology with every `…_initializer` replaced by zeros: the same weights, built without computing random values. */
function withZeroInitializers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withZeroInitializers);
  if (value == null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, /_initializer$/.test(key) && item != null && typeof item === 'object' ? { class_name: 'Zeros', config: {} } : withZeroInitializers(item)]),
  );
}

/** Every model weight in the manifest names a weight of the model with the same shape, and every weight of the model is listed. */
function checkWeightShapes(fn: string, specs: tf.io.WeightsManifestEntry[], needed: Map<string, { shape: number[]; dtype: string }>, files: ArtifactFiles): void {
  const unset = new Set(needed.keys());
  for (const spec of specs) {
    if (spec.group === 'optimizer') continue;
    // tf.loadLayersModel also accepts a name with its two last scopes but one dropped (Keras's nested names).
    const tokens = spec.name.split('/');
    const name = needed.has(spec.name) ? spec.name : [...tokens.slice(0, -2), tokens.at(-1)].join('/');
    const want = needed.get(name);
    if (want === undefined) {
      throw new Error(`${fn}: ${files.model} lists weight ${weightLabel(spec)}, which no layer of the model it describes holds; ${files.weights} does not fit this model`);
    }
    if (want.shape.length !== spec.shape.length || want.shape.some((d, i) => d !== spec.shape[i])) {
      throw new Error(`${fn}: ${files.model} lists weight '${spec.name}' as [${spec.shape.join(', ')}], but the model it describes needs [${want.shape.join(', ')}]; ${files.weights} does not fit this model`);
    }
    unset.delete(name);
  }
  if (unset.size > 0) {
    const missing = [...unset].map((name) => `'${name}' [${needed.get(name)!.shape.join(', ')}]`);
    throw new Error(`${fn}: the model ${files.model} describes needs ${missing.length === 1 ? 'weight' : 'weights'} ${missing.join(', ')}, which its manifest does not list; ${files.weights} does not fit this model`);
  }
}
