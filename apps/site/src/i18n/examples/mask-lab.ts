// Chinese text of examples/mask-lab.js (see ../example-messages.ts).
export default {
  'custom pattern: give {0} rows of {1} digits 0/1, e.g. "11000 11100 11110 11111 11111"; got {2}':
    '自定义行：请给出 {0} 行、每行 {1} 个 0/1 数字，例如“11000 11100 11110 11111 11111”；收到的是 {2}',
  '{0}: row sums': '{0}：各行之和',
  'keep-mask (rows = queries, columns = keys):': '保留掩码（行 = 查询，列 = 键）：',
  'fill with {0} + softmax': '填入 {0} 再做 softmax',
  'NaN in the rows of: {0} (every key hidden, so softmax divides 0 by 0)': '这些行出现了 NaN：{0}（所有键都被遮住，softmax 算的是 0 除以 0）',
  'largest weight that "fill" puts on a hidden key: {0}': '“填入常数”分给被遮住的键的最大权重：{0}',
  'float16 on WebGL: every tensor stored in a half-float texture (WEBGL_FORCE_F16_TEXTURES)': 'WebGL 上的 float16：每个张量都存放在半精度浮点纹理中（WEBGL_FORCE_F16_TEXTURES）',
  'float16 emulated number by number ({0} computes in float32; pick the backend "webgl, float16" to run it on WebGL)':
    'float16 为逐个数字模拟（{0} 用 float32 计算；选择后端“webgl, float16”即可在 WebGL 上运行）',
  'float16: fill with {0} + softmax': 'float16：填入 {0} 再做 softmax',
  '-Infinity (beyond 65504)': '-Infinity（超出 65504）',
  'NaN (tfjs reads anything beyond ±65504 in a half-float texture, infinities too, back as NaN)':
    'NaN（tfjs 从半精度浮点纹理读回数据时，超出 ±65504 的值一律变成 NaN，无穷大也不例外）',
  'the constant {0} in float16 is {1}': '常数 {0} 在 float16 中是 {1}',
  'float16 vs float32, largest difference: fill {0}, maskedSoftmax {1}': 'float16 与 float32 的最大差异：填入常数 {0}，maskedSoftmax {1}',
};
