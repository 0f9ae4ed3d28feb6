// Chinese text of examples/flow-model.js (see ../example-messages.ts).
export default {
  'Type a few words first.': '请先输入几个词。',
  'input token ids': '输入词元 id',
  'embedding': '嵌入',
  'encoder': '编码器',
  'attention weights': '注意力权重',
  'weighted sum': '加权和',
  'output': '输出',
  'input → embedding → encoder → attention → weighted sum → output': '输入 → 嵌入 → 编码器 → 注意力 → 加权和 → 输出',
  'tokens: {0}': '词元：{0}',
};
