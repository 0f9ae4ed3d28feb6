// Chinese text of examples/sqrt-dk.js (see ../example-messages.ts).
export default {
  'd_k = {0}: variance of q·k over {1} pairs = {2} (theory: {3})': 'd_k = {0}：{1} 对 q·k 的方差 = {2}（理论值：{3}）',
  'max entropy over {0} keys = {1} bits': '{0} 个键上的最大熵 = {1} 比特',
  'unscaled  q·k      ': '不缩放    q·k      ',
  'scaled    q·k/√d_k ': '缩放      q·k/√d_k ',
  '{0} entropy {1} bits, top weight {2}, median gradient {3}': '{0} 熵 {1} 比特，最大权重 {2}，梯度中位数 {3}',
  'top softmax weight against d_k': 'softmax 最大权重随 d_k 的变化',
};
