// The language models' evaluation written out longhand, apart from the recipes' code, for the
// shipped-weights tests.
import * as tf from '@tensorflow/tfjs';
import type { MobyDickChapter } from '@attention-lab/datasets';
import { expect } from 'vitest';

/**
 * Bits per token (per character for a character model), written out longhand from model.predict:
 * windows of seqLen every seqLen / 2 tokens plus one ending at the last token; each token after the
 * first is scored once, by the first window whose targets reach it.
 */
export async function bitsPerTokenLonghand(model: tf.LayersModel, ids: number[]): Promise<number> {
  const seqLen = model.inputs[0]!.shape[1]!;
  const starts: number[] = [];
  for (let s = 0; s <= ids.length - seqLen - 1; s += seqLen / 2) starts.push(s);
  if (starts.at(-1) !== ids.length - seqLen - 1) starts.push(ids.length - seqLen - 1);
  const scored = new Uint8Array(ids.length);
  let bits = 0;
  for (let b = 0; b < starts.length; b += 200) {
    const chunk = starts.slice(b, b + 200);
    const x = tf.tensor2d(chunk.map((s) => ids.slice(s, s + seqLen)), [chunk.length, seqLen], 'int32');
    const y = model.predict(x) as tf.Tensor;
    const probs = await y.data();
    const vocab = y.shape[2]!;
    tf.dispose([x, y]);
    chunk.forEach((s, w) => {
      for (let t = 0; t < seqLen; t++) {
        const target = s + t + 1;
        if (scored[target]) continue;
        scored[target] = 1;
        bits += -Math.log2(probs[(w * seqLen + t) * vocab + ids[target]!]!);
      }
    });
  }
  expect(scored.reduce((a, b) => a + b, 0)).toBe(ids.length - 1);
  return bits / (ids.length - 1);
}


/** The text as the metadata describes it: chapters joined by a newline, lowercased, — as -, only the alphabet kept. */
export function prepare(chapters: MobyDickChapter[], alphabet: string): string {
  let out = '';
  for (const chapter of chapters) {
    if (out !== '') out += '\n';
    for (const c of chapter.text.toLowerCase()) {
      const d = c === '—' ? '-' : c;
      if (alphabet.includes(d)) out += d;
    }
  }
  return out;
}

