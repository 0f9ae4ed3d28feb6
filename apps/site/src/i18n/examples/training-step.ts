// Chinese text of examples/training-step.js (see ../example-messages.ts).
export default {
  'before training': '训练前',
  'loss before: {0}': '训练前的损失：{0}',
  '|∂loss/∂{0}| = {1}': '损失对 {0} 的梯度范数：{1}',
  'loss after 1 step: {0}': '训练 1 步后的损失：{0}',
  'loss': '损失',
  'step': '步数',
  'loss while training': '训练过程中的损失',
  'loss after {0} steps: {1}': '训练 {0} 步后的损失：{1}',
  'after 1 step': '训练 1 步后',
  'after {0} steps': '训练 {0} 步后',
};
