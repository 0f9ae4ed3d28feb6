// Chinese text of examples/flow-qkv.js (see ../example-messages.ts).
export default {
  'Type a few words first.': '请先输入几个词。',
  'Q (queries)': 'Q（查询）',
  'K (keys)': 'K（键）',
  'V (values)': 'V（值）',
  'scores Q·Kᵀ/√d': '分数 Q·Kᵀ/√d',
  'weighted sum': '加权和',
  'Q, K → scores → softmax → weighted sum of V': 'Q、K → 分数 → softmax → V 的加权和',
  'the softmax box, labelled': 'softmax 方框里的权重，标出了词元',
};
