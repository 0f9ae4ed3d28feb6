// Chinese text of examples/padding-mask.js (see ../example-messages.ts).
export default {
  'Both sentences need at least one word.': '两个句子都至少要有一个词。',
  'padded batch:': '填充后的批次：',
  'padding mask [batch, 1, 1, maxLen]:': '填充掩码 [batch, 1, 1, maxLen]：',
  'sentence {0}: the <pad> columns get weight 0': '句子 {0}：<pad> 所在的列权重为 0',
};
