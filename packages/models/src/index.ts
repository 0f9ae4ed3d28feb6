// The public surface of @attention-lab/models. Every export is named here;
// test/exports.test.ts pins the sorted list. Node-only helpers live in ./node.ts.
export {
  MultiHeadAttention,
  type MultiHeadAttentionCallArgs,
  type MultiHeadAttentionConfig,
} from './multi-head-attention.js';
export { registerWasmKernels } from './register-wasm-kernels.js';
