// Chinese text of examples/transformer-translate.js (see ../example-messages.ts).
export default {
  "this model has never seen '{0}'": '这个模型没有见过字符“{0}”',
  'note: {0}, so the answer below is a guess': '注意：{0}，所以下面的答案只是猜测',
  'type 1 to {0} characters': '请输入 1 到 {0} 个字符',
  '{0}  →  {1}   (Transformer, beam search with 3 beams)': '{0}  →  {1}   （Transformer，束搜索，束宽 3）',
  '{0}, head {1}': '{0}，头 {1}',
};
