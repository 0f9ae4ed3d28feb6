// Chinese text of examples/backend-comparison.js (see ../example-messages.ts).
export default {
  'sequence length': '序列长度',
  'ms per call (median of 5)': '每次调用耗时（ms，5 次的中位数）',
  'attention, {0} heads of {1}, per backend': '各后端上的注意力（{0} 个头，每个头宽 {1}）',
  '{0}: not available in this browser': '{0}：此浏览器中不可用',
  'backend   seqLen   ms/call   max |difference| from float64   relative': '后端        长度     ms/次   与 float64 的最大绝对差   相对差',
  'fastest at {0} tokens: {1}; float32 keeps about 7 significant digits, so differences near 1e-7 are rounding, and WebGL on devices without float32 textures rounds to float16 (about 1e-3).': '{0} 个词元时最快的后端：{1}。float32 大约保留 7 位有效数字，所以 1e-7 左右的差异只是舍入误差；在不支持 float32 纹理的设备上，WebGL 会舍入到 float16（差异约 1e-3）。',
};
