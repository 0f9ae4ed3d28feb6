// Chinese text of examples/seq2seq-train.js (see ../example-messages.ts).
export default {
  'training step': '训练步数',
  'loss': '损失',
  '{0}: {1} dates like "{2}", trained here': '{0}：用 {1} 个形如“{2}”的日期在这里训练',
  'additive attention': '加性注意力',
  'alignment for "{0}", as it learns': '学习过程中“{0}”的对齐',
  'step {0}, loss {1}': '第 {0} 步，损失 {1}',
  '{0} steps{1}: {2}% of {3} held-out dates translated exactly (greedy decoding)': '{0} 步{1}：{3} 个留出的日期中，{2}% 翻译得完全正确（贪心解码）',
  ' (stopped)': '（已停止）',
  'training loss: first 5 steps {0}, last 5 steps {1}': '训练损失：前 5 步 {0}，最后 5 步 {1}',
  '"{0}" → "{1}" (expected {2})': '“{0}” → “{1}”（应为 {2}）',
  'replay: the alignment, step by step': '回放：对齐的逐步变化',
};
