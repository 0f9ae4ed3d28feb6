// Chinese text of examples/image-classifier.js (see ../example-messages.ts).
export default {
  'shipped mnist-attention: test accuracy {0} on {1} held-out digits': '发布的 mnist-attention：在 {1} 个留出的数字上，测试准确率为 {0}',
  'a {0}': '数字 {0}',
  'training step': '训练步数',
  'loss': '损失',
  'training on {0} digits in your browser': '在你的浏览器里用 {0} 个数字训练',
  'attention on a test digit, as it learns': '学习过程中，模型在一个测试数字上的注意力',
  'step {0}: loss {1}': '第 {0} 步：损失 {1}',
  'step {0}, loss {1}': '第 {0} 步，损失 {1}',
  '{0} steps{1}; test accuracy {2} (the shipped weights: {3})': '{0} 步{1}；测试准确率 {2}（发布的权重：{3}）',
  ' (stopped)': '（已停止）',
  'replay: the pooling weights over the 7 × 7 patches, step by step': '回放：7 × 7 个小块上的池化权重，逐步变化',
};
