// Chinese text of examples/forward-pass.js (see ../example-messages.ts).
export default {
  'Type a few words first.': '请先输入几个词。',
  'embed each token': '嵌入每个词元',
  'add positional encodings': '加上位置编码',
  'project: Q = X·W^Q, K = X·W^K, V = X·W^V': '投影：Q = X·W^Q，K = X·W^K，V = X·W^V',
  'split into {0} heads (Q shown; K and V split alike)': '拆成 {0} 个头（这里只显示 Q，K 和 V 的拆法相同）',
  'weights = softmax(Q·Kᵀ/√d_head), per head': '每个头分别计算 weights = softmax(Q·Kᵀ/√d_head)',
  'weighted sum of V, per head': '每个头分别求 V 的加权和',
  'merge the heads': '把各个头合并起来',
  'output projection: Y = merged·W^O': '输出投影：Y = merged·W^O',
  '{0} each': '各为 {0}',
  '{0}, step {1}': '{0}，第 {1} 步',
  'step {0}: {1}': '第 {0} 步：{1}',
  '{0}, head {1}': '{0}，头 {1}',
};
