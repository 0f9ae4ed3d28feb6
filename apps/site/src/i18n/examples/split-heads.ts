// Chinese text of examples/split-heads.js (see ../example-messages.ts).
export default {
  'd_model = {0} does not split into {1} heads; try 1, 2, 4 or 8': 'd_model = {0} 无法平均分成 {1} 个头；请试试 1、2、4 或 8',
  'x {0} → splitHeads → {1} → mergeHeads → {2}': 'x {0} → splitHeads（拆分）→ {1} → mergeHeads（合并）→ {2}',
  'output {0}, weights {1} = [batch, heads, seqLenQ, seqLenK]': '输出 {0}，注意力权重 {1} = [batch, heads, seqLenQ, seqLenK]',
  'head {0}': '头 {0}',
  'all heads as lines': '所有头的注意力连线图',
};
