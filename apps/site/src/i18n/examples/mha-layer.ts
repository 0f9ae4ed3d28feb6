// Chinese text of examples/mha-layer.js (see ../example-messages.ts).
export default {
  'type a sentence of at least two words': '请输入至少有两个词的句子',
  'input x            [batch, seqLen, dModel]            = [{0}]': '输入 x             [batch, seqLen, dModel]            = [{0}]',
  'weight kernel {0}': '核矩阵（kernel）{0}',
  'weight bias   {0}': '偏置向量（bias）{0}',
  'heads: {0} of keyDim {1}; Q, K, V split to [batch, heads, seqLen, keyDim] = [1, {2}, {3}, {4}]': '{0} 个头，每个头的 keyDim 为 {1}；Q、K、V 拆分成 [batch, heads, seqLen, keyDim] = [1, {2}, {3}, {4}]',
  'attention weights  [batch, heads, seqLenQ, seqLenK] = [{0}]': '注意力权重         [batch, heads, seqLenQ, seqLenK] = [{0}]',
  'output y           [batch, seqLen, dModel]            = [{0}]': '输出 y             [batch, seqLen, dModel]            = [{0}]',
  'config: {0}': '配置：{0}',
  '{0} heads over your sentence (hover a word)': '你的句子上的 {0} 个注意力头（鼠标悬停在词上可查看）',
};
