// Chinese text of examples/self-attention.js (see ../example-messages.ts).
export default {
  'Type a few words first.': '请先输入几个词。',
  '{0} tokens; each row of weights adds up to 1:': '{0} 个词元；每一行权重之和都是 1：',
};
