// Chinese text of examples/sentiment.js (see ../example-messages.ts).
export default {
  'type a sentence with at least one word': '请输入至少包含一个词的句子',
  '{0}  (p(positive) = {1}, p(negative) = {2})': '{0}（p(正面) = {1}，p(负面) = {2}）',
  'positive': '正面',
  'negative': '负面',
  "not in the model's {0}-word vocabulary (read as <unk>): {1}": '不在模型的词表里（词表共 {0} 个词，按 <unk> 处理）：{1}',
  'attention pooling: how much each word counted': '注意力池化：每个词在汇总中占多大分量',
  'most attended: {0}': '获得注意力最多的词：{0}',
};
