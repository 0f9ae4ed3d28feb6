import * as tf from '@tensorflow/tfjs';

/**
 * The fixed `seqLen` and `vocab` of a next-token model, one that maps ids
 * `[batch, seqLen]` to probabilities `[batch, seqLen, vocab]`; throws a
 * TypeError naming `fn` and the model's shapes otherwise. Internal.
 */
export function languageModelShape(fn: string, model: unknown): { seqLen: number; vocab: number } {
  if (!(model instanceof tf.LayersModel)) throw new TypeError(`${fn}: argument 'model' must be a tf.LayersModel, got ${String(model)}`);
  const inShape = model.inputs.length === 1 ? model.inputs[0]!.shape : null;
  const outShape = model.outputs.length === 1 ? model.outputs[0]!.shape : null;
  const seqLen = inShape?.[1];
  const vocab = outShape?.[2];
  if (inShape?.length !== 2 || seqLen == null || outShape?.length !== 3 || outShape[1] !== seqLen || vocab == null) {
    throw new TypeError(
      `${fn}: argument 'model' must map ids [batch, seqLen] (fixed seqLen) to probabilities [batch, seqLen, vocab], got inputs ${JSON.stringify(model.inputs.map((t) => t.shape))} and outputs ${JSON.stringify(model.outputs.map((t) => t.shape))}`,
    );
  }
  return { seqLen, vocab };
}
