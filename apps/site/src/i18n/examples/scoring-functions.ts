// Chinese text of examples/scoring-functions.js (see ../example-messages.ts).
export default {
  'dot': '点积',
  'scaled dot': '缩放点积',
  'general': '一般形式',
  'additive': '加性',
  '{0} scores': '{0}打分',
  '{0}: softmax of the scores': '{0}：分数的 softmax',
};
