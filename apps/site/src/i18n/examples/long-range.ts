// Chinese text of examples/long-range.js (see ../example-messages.ts).
export default {
  'attention': '注意力',
  'training step': '训练步数',
  'validation accuracy': '验证准确率',
  'recall the first of {0} symbols': '回忆 {0} 个符号中的第一个',
  'after {0} steps, chance is {1}:': '训练 {0} 步后（随机猜测的准确率为 {1}）：',
  '  LSTM       {0}': '  LSTM 模型  {0}',
  '  attention  {0}': '  注意力模型 {0}',
  'input {0}': '输入 {0}',
  'attention over positions': '注意力在各位置上的分布',
};
