// Chinese text of examples/head-roles.js (see ../example-messages.ts).
export default {
  'Type at least one sentence.': '请至少输入一个句子。',
  'Each sentence needs at least three tokens.': '每个句子至少需要三个词元。',
  'roles and their thresholds: {0}': '各角色及其阈值：{0}',
  'layer {0}, head {1}: previous {2}, induction {3}, first {4}, itself {5}, spread {6}{7}': '层 {0}，头 {1}：前一词元 {2}，归纳 {3}，首词元 {4}，自身 {5}，分散度 {6}{7}',
  'Every head on {0} random tokens written twice': '{0} 个随机词元重复两遍时，每个头的注意力',
};
