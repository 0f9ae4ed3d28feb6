// Chinese text of examples/worked-example.js (see ../example-messages.ts).
export default {
  '{0} must be numbers separated by commas': '{0} 必须是用逗号分隔的数字',
  'W^Q has {0} numbers and W^K {1}: q and k need the same length': 'W^Q 有 {0} 个数，W^K 有 {1} 个：q 和 k 的长度必须相同',
  'scores q·k_j        = {0}': '分数 q·k_j          = {0}',
  'scaled by 1/√{0}     = {1}': '乘以 1/√{0}          = {1}',
  'weights (softmax)   = {0}': '权重（softmax）     = {0}',
  'output Σ α_j v_j    = {0}': '输出 Σ α_j v_j      = {0}',
  'tensor version agrees to {0}': '张量版本的结果与此一致，相差不超过 {0}',
  'attention weights': '注意力权重',
  'the computation, step by step': '逐步计算过程',
};
