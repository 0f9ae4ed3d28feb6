import type { AttentionMap } from '@attention-lab/models';
import type * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { attentionFigure, attentionGrid, VIEWS } from './attention-figure.js';
import { CliError, UsageError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { loadModelFolder } from './model-folder.js';
import type { ModelRecipe } from './model-recipe.js';
import { MODELS, findModel, recipeOfFolder } from './model-registry.js';
import { choiceFlag, type FlagSpec, parseFlags } from './parse-flags.js';
import { BACKENDS, selectBackend } from './select-backend.js';
import { svgToPng } from './svg-to-png.js';
import { assertWritable } from './writable-path.js';

const FLAGS: FlagSpec = {
  out: { type: 'string', short: 'o' },
  view: { type: 'string' },
  scale: { type: 'string' },
  backend: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

/**
 * `attention-lab attend --help`.
 *
 * @example
 * console.log(ATTEND_HELP);
 */
export const ATTEND_HELP = `Usage: attention-lab attend <model|folder> "<input>" [options]

Runs a shipped model, or one saved by 'attention-lab train --out <folder>', on
the input, prints the prediction and the attention weights, and draws them.
'attention-lab attend <model|folder> --help' says what input that model takes.

Options:
  -o, --out <file>    write the picture: .svg, or .png (rasterised with resvg)
  --view <name>       heatmap (default), head or model
  --scale <n>         PNG pixels per SVG unit (default 2)
  --backend <name>    wasm (default), cpu or tensorflow
  -h, --help          show this help`;

/**
 * `attention-lab attend <model|folder> "<input>"`: loads a model (a folder
 * saved by `train`, or a registered name with shipped weights), encodes the
 * input with the model's recipe, prints the prediction and the weights of the
 * first attention map, and with `--out` writes the picture as SVG (viz's Node
 * renderer) or PNG (resvg).
 *
 * @param args - The arguments after `attend`.
 * @param io - Streams.
 * @returns The exit code (0).
 * @example
 * await attendCommand(['key-recall-model', 'K1 V3 K4 V0 K2 V9 K7 V5 ? K4', '--out', 'a.svg'], io);
 */
export async function attendCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('attend', args, FLAGS);
  if (values['help'] === true) {
    io.stdout.write(`${ATTEND_HELP}\n`);
    if (positionals[0] != null) io.stdout.write(`\n${await inputHelpOf(positionals[0], values['backend'])}\n`);
    return 0;
  }
  if (positionals.length !== 2) {
    const which = positionals.length === 1 ? ` '${positionals[0]!}'` : '';
    throw new UsageError(`attend: expected a model and one quoted input, got ${positionals.length} argument${positionals.length === 1 ? '' : 's'}; see 'attention-lab attend${which} --help'`);
  }
  const [which, input] = positionals as [string, string];
  const view = choiceFlag('attend', 'view', values['view'], VIEWS, 'heatmap');
  const backend = choiceFlag('attend', 'backend', values['backend'], BACKENDS, 'wasm');
  const scale = values['scale'] == null ? 2 : Number(values['scale']);
  if (!(scale > 0 && scale <= 16)) throw new UsageError(`attend: --scale must be a number in (0, 16], got '${String(values['scale'])}'`);
  const out = values['out'] as string | undefined;
  const format = out == null ? undefined : extname(out).toLowerCase();
  if (format != null && format !== '.svg' && format !== '.png') throw new UsageError(`attend: --out must end in .svg or .png, got '${out!}'`);
  if (out != null) assertWritable('--out', out, 'file');

  const isName = Object.hasOwn(MODELS, which);
  if (!isName && !existsSync(which)) {
    throw new UsageError(`attend: unknown model '${which}'; models: ${Object.keys(MODELS).join(', ')}, or a folder saved by 'attention-lab train --out'`);
  }
  await selectBackend(backend);
  const { recipe, model, metadata } = await loadModel(which, `'attention-lab attend ${which}-model "${input}"'`);
  try {
    const prediction = await recipe.predict(model, input, metadata);
    const { attention, keyTokens } = prediction;
    io.stdout.write(`prediction: ${prediction.text}\n`);
    const line = attentionLine(attention, keyTokens);
    if (line != null) io.stdout.write(`${line}\n`);
    if (out != null) {
      const { svg, layers } = attentionFigure(attention, keyTokens, view, prediction.queryTokens);
      await mkdir(dirname(out), { recursive: true });
      if (format === '.png') {
        const { png, width, height } = svgToPng(svg, scale);
        await writeOut(out, png);
        io.stdout.write(`wrote ${out} (${view} of ${layers.join(', ')}, ${width}×${height} px)\n`);
      } else {
        await writeOut(out, svg);
        io.stdout.write(`wrote ${out} (${view} of ${layers.join(', ')})\n`);
      }
    }
    return 0;
  } finally {
    model.dispose();
  }
}

/** A registered model with shipped weights, or a folder saved by `train`, with its recipe and metadata. */
async function loadModel(which: string, then: string): Promise<{ recipe: ModelRecipe; model: tf.LayersModel; metadata: Record<string, unknown> }> {
  if (Object.hasOwn(MODELS, which)) {
    const recipe = findModel(which);
    if (recipe.pretrained == null) {
      throw new CliError(`${which} has no shipped weights yet: train it with 'attention-lab train ${which} --out ${which}-model', then run ${then}`);
    }
    const { model, metadata } = await recipe.pretrained();
    return { recipe, model, metadata };
  }
  const loaded = await loadModelFolder(which);
  return { recipe: recipeOfFolder(loaded.state.model, which), model: loaded.model, metadata: loaded.state.recipe ?? {} };
}

/**
 * What input a model takes, for `attend <model|folder> --help`: read from
 * the metadata of its shipped weights or of its folder (e.g. how many
 * key-value pairs it was trained on), or the recipe's own text when the
 * weights cannot be loaded.
 */
async function inputHelpOf(which: string, backendFlag: string | boolean | undefined): Promise<string> {
  if (!Object.hasOwn(MODELS, which) && !existsSync(which)) {
    throw new UsageError(`attend: unknown model '${which}'; models: ${Object.keys(MODELS).join(', ')}, or a folder saved by 'attention-lab train --out'`);
  }
  const generic = Object.hasOwn(MODELS, which) ? findModel(which) : undefined;
  let recipe: ModelRecipe | undefined = generic;
  let metadata: Record<string, unknown> | undefined;
  let note = '';
  await selectBackend(choiceFlag('attend', 'backend', backendFlag, BACKENDS, 'wasm'));
  try {
    const loaded = await loadModel(which, `'attention-lab attend ${which}-model --help'`);
    loaded.model.dispose();
    ({ recipe, metadata } = loaded);
  } catch (error) {
    if (generic == null || !(error instanceof CliError) || error instanceof UsageError) throw error;
    note = `\n(${error.message})`;
  }
  const { inputHelp, example } = metadata != null && recipe!.inputFor != null ? recipe!.inputFor(metadata) : recipe!;
  const trained = note !== ''; // the shipped weights could not be read: describe a model from 'train' instead
  const source = !Object.hasOwn(MODELS, which) ? which : trained ? `a model trained by 'attention-lab train ${which}'` : 'its shipped weights';
  return `Input of ${recipe!.name} (${source}): ${inputHelp}\nExample: attention-lab attend ${trained ? `${which}-model` : which} "${example}"${note}`;
}

/**
 * The weights of the first map as one line when it has a single query
 * (pooling, or key recall's one question; averaged over its heads), else the
 * keys and shapes of every map.
 */
function attentionLine(attention: Record<string, AttentionMap>, keyTokens: readonly string[]): string | undefined {
  const entries = Object.entries(attention);
  const [name, map] = entries[0] ?? [];
  if (name == null || map == null) return undefined;
  const grid = attentionGrid(name, map);
  if (grid.seqLenQ === 1) {
    const weights = Array.from({ length: Math.min(grid.seqLenK, keyTokens.length) }, (_, k) => {
      let sum = 0;
      for (let h = 0; h < grid.heads; h++) sum += grid.data[h * grid.seqLenK + k]!;
      return `${keyTokens[k]} ${(sum / grid.heads).toFixed(3)}`;
    });
    return `attention (${name}): ${weights.join('  ')}`;
  }
  return `attention: ${entries.map(([k, m]) => `${k} [${m.shape.join(', ')}]`).join(', ')}`;
}

async function writeOut(path: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeFile(path, data);
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${(error as Error).message}`);
  }
}
