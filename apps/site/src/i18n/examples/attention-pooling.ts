// Chinese text of examples/attention-pooling.js (see ../example-messages.ts).
export default {
  'scores  = H·w + b =': '分数 = H·w + b =',
  'weights = softmax over time =': '权重 = 在时间维上做 softmax =',
  'output  = Σ_t weights_t · H_t =': '输出 = Σ_t weights_t · H_t =',
  'weight': '权重',
  'attention over time steps': '各时间步上的注意力',
};
