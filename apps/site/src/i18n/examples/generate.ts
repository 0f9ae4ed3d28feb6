// Chinese text of examples/generate.js (see ../example-messages.ts).
export default {
  'type a prompt of at least one character': '请输入至少一个字符的提示词',
  'characters the model never saw (read as <unk>): {0}': '模型没见过的字符（按 <unk> 处理）：{0}',
  'temperature {0}, top-k {1}, seed {2}:': '温度 {0}，top-k {1}，随机种子 {2}：',
  'off': '关闭',
  'head {0}': '头 {0}',
  '{0}: where each head looked to write the last character': '{0}：写出最后一个字符时，每个头看向了哪里',
};
