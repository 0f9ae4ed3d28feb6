// Chinese text of examples/positional-encoding.js (see ../example-messages.ts).
export default {
  'encoding': '位置编码',
  'PE[position, dimension]': 'PE[位置, 维度]',
  'similarity of positions': '位置之间的相似度',
};
