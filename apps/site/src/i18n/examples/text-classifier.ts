// Chinese text of examples/text-classifier.js (see ../example-messages.ts).
export default {
  'shipped sentiment-transformer: test accuracy {0} on {1} held-out sentences': '发布的 sentiment-transformer：在 {1} 条留出的句子上，测试准确率为 {0}',
  '{0} (true label)': '{0}（真实标签）',
  'positive': '正面',
  'negative': '负面',
  'epoch': '轮次',
  'accuracy': '准确率',
  'training in your browser': '在你的浏览器里训练',
  'attention on a test sentence, as it learns': '学习过程中，模型在一个测试句子上的注意力',
  'training': '训练集',
  'validation': '验证集',
  'epoch {0}, loss {1}': '第 {0} 轮，损失 {1}',
  '{0} epochs{1}; test accuracy {2} (the shipped weights: {3})': '{0} 轮{1}；测试准确率 {2}（发布的权重：{3}）',
  ' (stopped)': '（已停止）',
  'weight': '权重',
  'replay: attention on the first test sentence, epoch by epoch': '回放：第一个测试句子上的注意力，逐轮变化',
};
