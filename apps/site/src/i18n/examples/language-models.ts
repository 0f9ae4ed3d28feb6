// Chinese text of examples/language-models.js (see ../example-messages.ts).
export default {
  '{0} ({1} parameters; {2}):': '{0}（{1} 个参数；{2}）：',
  'char-transformer, last block: which earlier characters each character reads': 'char-transformer 的最后一个块：每个字符读取了哪些更早的字符',
  'held out': '留出集',
  'training': '训练集',
  'training step': '训练步数',
  'bits per character': '每字符比特数',
  'a {0}-parameter causal Transformer, trained here': '就在这里训练的因果 Transformer（{0} 个参数）',
  'the last block on a held-out phrase, as it learns': '学习过程中，最后一个块在一段留出文本上的注意力',
  'step {0}, loss {1} bits': '第 {0} 步，损失 {1} 比特',
  '{0} steps (stopped): held-out {1} bits per character (a uniform guess: {2})': '{0} 步（已停止）：留出集上每字符 {1} 比特（均匀猜测为 {2}）',
  '{0} steps: held-out {1} bits per character (a uniform guess: {2})': '{0} 步：留出集上每字符 {1} 比特（均匀猜测为 {2}）',
  'replay: the last block on the held-out phrase, step by step': '回放：最后一个块在这段留出文本上的注意力，逐步变化',
};
