/// <reference types="node" />
// Node-only: exported from @attention-lab/models/node, never from the main entry.
import * as tf from '@tensorflow/tfjs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import process from 'node:process';
import { checkModelArtifacts } from './check-model-artifacts.js';

/** The file names {@link fileSystem} writes inside its folder. */
export const MODEL_FILE = 'model.json';
/** The weights file {@link fileSystem} writes next to `model.json`. */
export const WEIGHTS_FILE = 'weights.bin';

/**
 * The file a weights manifest names, which must lie inside the model's folder:
 * a manifest is data from wherever the folder came from, and a path such as
 * `../../etc/hostname` or `/etc/passwd` must not make a load read other files.
 */
function insideFolder(folder: string, path: unknown): string {
  if (typeof path !== 'string' || path.length === 0) throw new Error(`fileSystem: ${join(folder, MODEL_FILE)} names a weights file that is not a path: ${JSON.stringify(path)}`);
  const root = resolve(folder);
  const file = resolve(root, path);
  const within = relative(root, file);
  if (isAbsolute(path) || within === '' || within.startsWith('..') || isAbsolute(within)) {
    throw new Error(`fileSystem: ${join(folder, MODEL_FILE)} names the weights file ${JSON.stringify(path)}, which is outside ${folder}; refusing to read it`);
  }
  return file;
}

/**
 * A tfjs IO handler that saves a model to a folder and loads it back, in Node
 * without tfjs-node: `model.json` (topology, training config and a weights
 * manifest, the format `tf.loadLayersModel` reads from any URL) and
 * `weights.bin`. Files are written under temporary names and renamed, so a
 * failed save leaves an earlier model in the folder intact. A load reads only
 * files inside the folder: a manifest path that leaves it is refused. It also
 * checks the weights against the model before tfjs builds it: a truncated
 * `weights.bin`, or a manifest whose weight names or shapes do not fit the
 * topology, is an error naming the file and the weight, and leaves no tensor
 * allocated (tfjs alone would keep the model it built and the weights it
 * decoded).
 *
 * @param folder - The folder to write (created if missing) or read.
 * @returns A handler for `model.save(handler)` and `tf.loadLayersModel(handler)`.
 * @example
 * import { fileSystem } from '@attention-lab/models/node';
 * await model.save(fileSystem('./my-model'));
 * const again = await tf.loadLayersModel(fileSystem('./my-model'));
 */
export function fileSystem(folder: string): tf.io.IOHandler {
  if (typeof folder !== 'string' || folder.length === 0) {
    throw new TypeError(`fileSystem: argument 'folder' must be a non-empty path string, got ${String(folder)}`);
  }
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new TypeError('fileSystem: saving a binary (GraphDef) topology is not supported; save a LayersModel');
      }
      await mkdir(folder, { recursive: true });
      const weights = artifacts.weightData == null ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const modelJSON: Record<string, unknown> = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] }],
      };
      if (artifacts.trainingConfig != null) modelJSON['trainingConfig'] = artifacts.trainingConfig;
      if (artifacts.userDefinedMetadata != null) modelJSON['userDefinedMetadata'] = artifacts.userDefinedMetadata;
      const suffix = `.tmp-${process.pid}-${Date.now()}`;
      const files: Array<[string, string | Uint8Array]> = [
        [WEIGHTS_FILE, new Uint8Array(weights)],
        [MODEL_FILE, JSON.stringify(modelJSON)],
      ];
      try {
        for (const [name, data] of files) await writeFile(join(folder, name + suffix), data);
        for (const [name] of files) await rename(join(folder, name + suffix), join(folder, name));
      } catch (error) {
        await Promise.all(files.map(([name]) => rm(join(folder, name + suffix), { force: true })));
        throw new Error(`fileSystem: could not save to ${folder}: ${(error as Error).message}`, { cause: error });
      }
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },

    async load(): Promise<tf.io.ModelArtifacts> {
      let text: string;
      try {
        text = await readFile(join(folder, MODEL_FILE), 'utf8');
      } catch (error) {
        throw new Error(`fileSystem: no ${MODEL_FILE} in ${folder} (${(error as { code?: string }).code ?? (error as Error).message})`, { cause: error });
      }
      let modelJSON: tf.io.ModelJSON;
      try {
        modelJSON = JSON.parse(text) as tf.io.ModelJSON;
      } catch (error) {
        throw new Error(`fileSystem: ${join(folder, MODEL_FILE)} is not valid JSON: ${(error as Error).message}`, { cause: error });
      }
      const weightFiles: string[] = [];
      const artifacts = await tf.io.getModelArtifactsForJSON(modelJSON, async (manifest) => {
        const specs: tf.io.WeightsManifestEntry[] = [];
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const path of group.paths) {
            const file = insideFolder(folder, path);
            weightFiles.push(file);
            let bytes: Uint8Array;
            try {
              bytes = await readFile(file);
            } catch (error) {
              throw new Error(`fileSystem: cannot read ${file}, which ${join(folder, MODEL_FILE)} names (${(error as { code?: string }).code ?? (error as Error).message})`, { cause: error });
            }
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
          }
        }
        return [specs, tf.io.concatenateArrayBuffers(buffers)];
      });
      await checkModelArtifacts('fileSystem', artifacts, { model: join(folder, MODEL_FILE), weights: weightFiles.join(' + ') || join(folder, WEIGHTS_FILE) });
      return artifacts;
    },
  };
}
