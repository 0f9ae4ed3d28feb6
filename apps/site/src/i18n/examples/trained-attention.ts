// Chinese text of examples/trained-attention.js (see ../example-messages.ts).
export default {
  'Type a sentence first.': '请先输入一个句子。',
  'layer {0}, head {1}: previous token {2}, first token {3}, itself {4}, spread {5}': '层 {0}，头 {1}：前一个词元 {2}，第一个词元 {3}，自身 {4}，分散度 {5}',
  'most likely next: {0}': '最可能的下一个词元：{0}',
};
