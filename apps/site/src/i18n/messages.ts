/**
 * The one message catalogue of the site's interface: the chrome of the live
 * examples (LiveExample.astro, mount-live-example.ts, share-link.ts,
 * export-buttons.ts), the explorer's controls and status lines, and the
 * glossary's headings, in each language of the site. Text written in a page
 * (an example's title, its input labels, the article) stays in that page.
 *
 * A message may hold `{name}` placeholders, filled by {@link t}. Every id has a
 * text in every language, and every id is used somewhere in src/
 * (messages.test.ts checks both).
 */

/** The languages of the site, as the `lang` attributes of its pages spell them. */
export const MESSAGE_LANGS = ['en', 'zh-CN'] as const;
export type MessageLang = (typeof MESSAGE_LANGS)[number];

export const MESSAGES = {
  // LiveExample: toolbar and controls
  'live.run': { en: 'Run', 'zh-CN': '运行' },
  'live.run.title': { en: 'Run (Ctrl+Enter in the editor)', 'zh-CN': '运行（在编辑器中按 Ctrl+Enter）' },
  'live.stop': { en: 'Stop', 'zh-CN': '停止' },
  'live.edit': { en: 'Edit', 'zh-CN': '编辑' },
  'live.reset': { en: 'Reset', 'zh-CN': '还原' },
  'live.link': { en: 'Link', 'zh-CN': '链接' },
  'live.link.title': { en: 'A link to this example with its inputs (and your edited code)', 'zh-CN': '指向此示例的链接，带上当前输入（以及你修改过的代码）' },
  'live.backend': { en: 'backend', 'zh-CN': '后端' },
  'live.backend.used': { en: 'the backend that ran the last run', 'zh-CN': '上一次运行所用的后端' },
  'live.output': { en: 'Output', 'zh-CN': '输出' },
  'live.code': { en: 'Code', 'zh-CN': '代码' },
  'live.code.label': { en: 'Code of the example “{title}”', 'zh-CN': '示例“{title}”的代码' },
  'live.drawing.clear': { en: 'Clear', 'zh-CN': '清除' },
  'live.drawing.label': { en: '{label}: draw here with the mouse, a pen or a finger', 'zh-CN': '{label}：用鼠标、触控笔或手指在此书写' },
  'live.applies': { en: 'only when {label} is {values}', 'zh-CN': '仅当 {label} 为 {values} 时有效' },
  'live.applies.or': { en: ' or ', 'zh-CN': '或' },
  // LiveExample: status line
  'live.status.idle': { en: 'Runs when it scrolls into view.', 'zh-CN': '滚动到此处时自动运行。' },
  'live.status.waiting': { en: 'Waiting…', 'zh-CN': '等待中…' },
  'live.status.queued': { en: 'Queued…', 'zh-CN': '排队中…' },
  'live.status.running': { en: 'Running…', 'zh-CN': '运行中…' },
  'live.status.done': { en: 'Ran in {ms} ms on {backend}.', 'zh-CN': '在 {backend} 上运行了 {ms} 毫秒。' },
  'live.status.line': { en: 'Line {line}: ', 'zh-CN': '第 {line} 行：' },
  'live.status.stopped': { en: 'Stopped', 'zh-CN': '已停止' },
  'live.status.time-limit': { en: 'Stopped after {seconds} s: the example passed its time limit', 'zh-CN': '{seconds} 秒后停止：示例超过了时间限制' },
  'live.status.finished-by-itself': { en: '{why}; it finished by itself.', 'zh-CN': '{why}；它自行结束了。' },
  'live.status.ended': { en: '{why}; it did not finish within {seconds} s and was ended.', 'zh-CN': '{why}；它未在 {seconds} 秒内结束，已被终止。' },
  'live.status.stopped-end': { en: '{why}.', 'zh-CN': '{why}。' },
  'live.status.stopping': {
    en: 'Stopping… (the example has {seconds} s to finish; press Stop again to end it now)',
    'zh-CN': '正在停止…（示例有 {seconds} 秒时间自行结束；再按一次“停止”立即终止）',
  },
  'live.status.could-not-draw': { en: 'Could not draw: {message}', 'zh-CN': '无法绘制：{message}' },
  'live.replay.frame': { en: 'frame', 'zh-CN': '帧' },
  'live.flow.tensor': { en: '{label}: shape [{shape}], {dtype}', 'zh-CN': '{label}：形状 [{shape}]，{dtype}' },
  'live.flow.no-tensor': { en: '{label}: no tensor attached', 'zh-CN': '{label}：没有附带张量' },
  // The Link button's panel (share-link.ts)
  'share.caption': { en: 'Link to this example', 'zh-CN': '此示例的链接' },
  'share.restored': { en: 'Restored from the link.', 'zh-CN': '已从链接恢复。' },
  'share.ignored': { en: 'Ignored what it gave for: {names}.', 'zh-CN': '已忽略其中的：{names}。' },
  'share.restored.code': { en: 'It carries edited code: read it, then press Run.', 'zh-CN': '链接中带有修改过的代码：请先阅读，再按“运行”。' },
  'share.code.left-out': {
    en: 'Your edited code is too long for a link and is not included: the link has the inputs only.',
    'zh-CN': '你修改的代码太长，无法放入链接：链接只包含输入。',
  },
  'share.code.included': { en: 'The link includes your edited code.', 'zh-CN': '链接包含你修改过的代码。' },
  'share.copied': { en: 'Copied to the clipboard.', 'zh-CN': '已复制到剪贴板。' },
  'share.copy-by-hand': { en: 'Copy the link from the field above.', 'zh-CN': '请从上面的输入框复制链接。' },
  // The export buttons under each figure (export-buttons.ts)
  'export.group': { en: 'Download this figure', 'zh-CN': '下载此图' },
  'export.as': { en: 'Download as {format}', 'zh-CN': '下载为 {format}' },
  'export.failed': { en: 'Could not save: {message}', 'zh-CN': '无法保存：{message}' },
  // The explorer (Explorer.astro, explorer-page.ts)
  'explorer.settings': { en: 'Explorer settings', 'zh-CN': '探索器设置' },
  'explorer.status.loading': { en: 'Loading the model (about 5 MB, once)…', 'zh-CN': '正在加载模型（约 5 MB，仅一次）…' },
  'explorer.status.reading': { en: 'Reading the text…', 'zh-CN': '正在读取文本…' },
  'explorer.status.loaded': { en: 'Model loaded in {seconds} s on {backend}.', 'zh-CN': '模型在 {backend} 上加载完成，用时 {seconds} 秒。' },
  'explorer.status.failed': { en: 'The model could not run: {message}.', 'zh-CN': '模型无法运行：{message}。' },
  'explorer.status.worker-failed': { en: 'the worker failed to start', 'zh-CN': 'worker 未能启动' },
  'explorer.status.token': { en: '{count} token', 'zh-CN': '{count} 个词元' },
  'explorer.status.tokens': { en: '{count} tokens', 'zh-CN': '{count} 个词元' },
  'explorer.status.generated': { en: '{count} generated', 'zh-CN': '其中 {count} 个是生成的' },
  'explorer.status.dropped': { en: "the first {count} fell out of the model's {window}-token window", 'zh-CN': '前 {count} 个超出了模型 {window} 个词元的窗口' },
  'explorer.status.unknown': { en: '{count} with characters the model never saw (read as <unk>)', 'zh-CN': '{count} 个含有模型没见过的字符（读作 <unk>）' },
  'explorer.status.read': { en: '{notes}. Read in {ms} ms.', 'zh-CN': '{notes}。读取用时 {ms} 毫秒。' },
  'explorer.status.separator': { en: '; ', 'zh-CN': '；' },
  'explorer.probe.found-one': {
    en: '1 head put at least 0.3 of their weight on the token after the earlier copy: {heads}. A head that spread its weight evenly would put {share} there on average.',
    'zh-CN': '有 1 个注意力头把至少 0.3 的权重放在前一份副本之后的词元上：{heads}。把权重平均分配的注意力头平均只会在那里放 {share}。',
  },
  'explorer.probe.found': {
    en: '{count} heads put at least 0.3 of their weight on the token after the earlier copy: {heads}. A head that spread its weight evenly would put {share} there on average.',
    'zh-CN': '有 {count} 个注意力头把至少 0.3 的权重放在前一份副本之后的词元上：{heads}。把权重平均分配的注意力头平均只会在那里放 {share}。',
  },
  'explorer.probe.layer-head': { en: 'layer {layer}, head {head}', 'zh-CN': '第 {layer} 层第 {head} 个头' },
  'explorer.probe.running': { en: 'Running the model on the repeated random tokens…', 'zh-CN': '正在用重复的随机词元运行模型…' },
  'explorer.probe.none': {
    en: 'No head puts 0.3 of its weight on the token after the earlier copy on this draw.',
    'zh-CN': '这次抽样中，没有哪个注意力头把 0.3 的权重放在前一份副本之后的词元上。',
  },
  'explorer.add-token': { en: 'Add the next token', 'zh-CN': '添加下一个词元' },
  'explorer.undo-token': { en: 'Undo', 'zh-CN': '撤销' },
  'explorer.clear-tokens': { en: 'Clear generated', 'zh-CN': '清除生成的词元' },
  'explorer.probe.run': { en: 'Run the induction test', 'zh-CN': '运行归纳测试' },
  'explorer.share': { en: 'Link to this text and these settings', 'zh-CN': '链接到此文本和这些设置' },
  // The explorer's panels (Explorer.astro); some hold markup, set with set:html
  'explorer.text.label': { en: 'Your text (the model was trained on <i>Moby-Dick</i>, lowercased)', 'zh-CN': '你的文本（模型用小写的<i>《白鲸》</i>训练）' },
  'explorer.tokens': { en: 'The tokens as the model reads them', 'zh-CN': '模型读到的词元' },
  'explorer.head-view': { en: 'Head view', 'zh-CN': '注意力头视图' },
  'explorer.model-view': { en: 'Model view', 'zh-CN': '模型视图' },
  'explorer.neuron-view': { en: 'Neuron view', 'zh-CN': '神经元视图' },
  'explorer.next-token': { en: 'What comes next', 'zh-CN': '下一个词元' },
  'explorer.find-heads': { en: 'Find the heads', 'zh-CN': '找出注意力头' },
  'explorer.find-heads.about': { en: 'An induction head completes a pattern it has seen earlier in the context: having read “A B … A”, it looks at the B that followed the first A. The test of Olsson et al. (2022) feeds random tokens written twice, so no knowledge of English can help, and measures each head\'s weight on the token after the earlier copy. On the map of the strongest head, this shows as a stripe below the diagonal, one span length to the left.', 'zh-CN': '归纳头会补全它在上下文中见过的模式：读到“A B … A”时，它会关注第一个 A 之后的那个 B。Olsson 等人（2022）的测试输入写了两遍的随机词元，这样英语知识帮不上忙，然后测量每个头放在前一份副本之后那个词元上的权重。在最强的那个头的热力图上，这表现为对角线下方、向左偏移一个片段长度的一条斜纹。' },
  'explorer.next-token.about': { en: 'The model\'s probabilities for the token after your text. Temperature below 1 sharpens them, above 1 flattens them; top-k keeps the k most likely tokens (0 keeps all) and top-p the fewest whose probabilities reach p. Add tokens one at a time and watch where each new token looks.', 'zh-CN': '模型对你的文本之后那个词元的概率。温度低于 1 使分布更尖锐，高于 1 使其更平缓；top-k 保留最可能的 k 个词元（0 表示全部保留），top-p 保留概率之和达到 p 的最少词元。逐个添加词元，观察每个新词元关注哪里。' },
  'explorer.neuron-view.about': { en: 'The worked example of scaled dot-product attention on the trained weights: the query vector of one token, every key, their element-wise products (blue negative, red positive), the dot product, the scaled score and the softmax weight. The vectors are recomputed from the weights in double precision.', 'zh-CN': '在训练好的权重上演示缩放点积注意力：一个词元的查询向量、每个键、它们的逐元素乘积（蓝为负，红为正）、点积、缩放后的分数以及 softmax 权重。这些向量由权重以双精度重新计算。' },
  'explorer.model-view.about': { en: 'Every layer (rows) and head (columns) at once. A badge names what a head does on this text, measured with <code>headRoleScores</code>: <b>prev</b> puts half its weight or more on the token before, <b>first</b> on the first token, <b>self</b> on the token itself, <b>broad</b> spreads it evenly. Open a head to see its full map.', 'zh-CN': '同时显示每一层（行）和每个注意力头（列）。徽标说明某个头在这段文本上的作用，由 <code>headRoleScores</code> 测得：<b>prev</b> 把一半或更多权重放在前一个词元上，<b>first</b> 放在第一个词元上，<b>self</b> 放在词元自身，<b>broad</b> 则均匀分散。展开一个头可查看它的完整热力图。' },
  'explorer.head-view.about': { en: 'Each line runs from a token on the left to a token it attends to on the right, one colour per head; a thicker, darker line is a larger weight. Hover or focus a token to see only its lines; click a head\'s swatch to hide it, and pick the layer above the picture.', 'zh-CN': '每条线从左边的一个词元连到它所关注的右边的词元，每个注意力头一种颜色；线越粗越深，权重越大。把鼠标悬停在某个词元上（或让它获得焦点）只看它的线；点击某个头的色块可隐藏它，在图上方选择层。' },
  'explorer.layer': { en: 'layer', 'zh-CN': '层' },
  'explorer.head': { en: 'head', 'zh-CN': '头' },
  'explorer.query': { en: 'query', 'zh-CN': '查询' },
  'explorer.temperature': { en: 'temperature', 'zh-CN': '温度' },
  'explorer.seed': { en: 'seed', 'zh-CN': '随机种子' },
  'explorer.probe.caption': { en: 'Induction score of every head on this draw (0.3 or more marks an induction head)', 'zh-CN': '本次抽样中每个注意力头的归纳得分（0.3 及以上即为归纳头）' },
  'explorer.probe.head': { en: 'head', 'zh-CN': '注意力头' },
  'explorer.probe.score': { en: 'score', 'zh-CN': '得分' },
  'explorer.probe.role': { en: 'role', 'zh-CN': '作用' },
  'explorer.share.copied': { en: '{url} (copied)', 'zh-CN': '{url}（已复制）' },
  'explorer.facts': { en: '{layers} layers × {heads} heads, {millions} M parameters, a context of {window} tokens.', 'zh-CN': '{layers} 层 × {heads} 个注意力头，{millions} M 个参数，上下文 {window} 个词元。' },
  'explorer.facts.bpc': {
    en: '{layers} layers × {heads} heads, {millions} M parameters, a context of {window} tokens; {bpc} bits per character on the held-out test chapters.',
    'zh-CN': '{layers} 层 × {heads} 个注意力头，{millions} M 个参数，上下文 {window} 个词元；在留出的测试章节上每字符 {bpc} 比特。',
  },
  'explorer.model-view.title': { en: 'Model view: every layer (down) and head (across)', 'zh-CN': '模型视图：每一层（纵向）和每个注意力头（横向）' },
  'explorer.next-token.title': { en: 'The next token: the distribution it is drawn from', 'zh-CN': '下一个词元：从中抽取它的分布' },
  'explorer.mass': {
    en: 'The {bars} bars hold {shown}% of the probability; all {vocab} tokens add up to {total}%. The next draw picks “{next}”.',
    'zh-CN': '这 {bars} 根柱子占概率的 {shown}%；全部 {vocab} 个词元合计 {total}%。下一次抽取选中“{next}”。',
  },
  'explorer.neuron-view.title': { en: 'Neuron view: one query against every key of one head', 'zh-CN': '神经元视图：一个注意力头中一个查询对每个键' },
  'explorer.neuron-note': {
    en: 'Layer {layer}, head {head}, query {query} (“{token}”): q and k have {dHead} numbers each, the scale is 1/√{dHead} = {scale}; keys after the query are masked.',
    'zh-CN': '第 {layer} 层第 {head} 个头，查询 {query}（“{token}”）：q 和 k 各有 {dHead} 个数，缩放因子为 1/√{dHead} = {scale}；查询之后的键被掩码。',
  },
  'explorer.probe.induction-head': { en: 'induction head', 'zh-CN': '归纳头' },
  'explorer.badge.previousToken': { en: 'prev', 'zh-CN': '前词' },
  'explorer.badge.induction': { en: 'induct', 'zh-CN': '归纳' },
  'explorer.badge.firstToken': { en: 'first', 'zh-CN': '首词' },
  'explorer.badge.currentToken': { en: 'self', 'zh-CN': '自身' },
  'explorer.badge.broad': { en: 'broad', 'zh-CN': '分散' },
  'explorer.probe.title': { en: 'Layer {layer}, head {head} on {period} random tokens written twice', 'zh-CN': '第 {layer} 层第 {head} 个头，输入 {period} 个写了两遍的随机词元' },
  // The words inside @attention-lab/viz charts: one id per key of its VizText, `en` equal to VIZ_TEXT
  // (vizText in viz-text.ts lists the ids; viz-text.test.ts checks both)
  'viz.masked': { en: 'masked', 'zh-CN': '已掩码' },
  'viz.tableQueryKey': { en: 'query \\ key', 'zh-CN': '查询 \\ 键' },
  'viz.tableQuery': { en: 'query', 'zh-CN': '查询' },
  'viz.tableLayer': { en: 'layer', 'zh-CN': '层' },
  'viz.tableHead': { en: 'head', 'zh-CN': '注意力头' },
  'viz.tableToken': { en: 'token', 'zh-CN': '词元' },
  'viz.tableWeight': { en: 'weight', 'zh-CN': '权重' },
  'viz.heatmapTitle': { en: 'Attention heatmap: {rows} queries × {cols} keys', 'zh-CN': '注意力热力图：{rows} 个查询 × {cols} 个键' },
  'viz.heatmapRole': { en: 'heatmap', 'zh-CN': '热力图' },
  'viz.heatmapPairs': { en: 'key: value, ...', 'zh-CN': '键：值，…' },
  'viz.heatmapLive': { en: 'Row {row} of {rows}, column {col} of {cols}. {cell}', 'zh-CN': '第 {row} 行（共 {rows} 行），第 {col} 列（共 {cols} 列）。{cell}' },
  'viz.headTitle': {
    en: 'Head view of layer {layer}: lines from {seqLenQ} queries (left) to {seqLenK} keys (right), weighted by attention, heads {heads}',
    'zh-CN': '第 {layer} 层的注意力头视图：从 {seqLenQ} 个查询（左）连到 {seqLenK} 个键（右）的线，深浅表示注意力权重；显示的头：{heads}',
  },
  'viz.headNone': { en: 'none', 'zh-CN': '无' },
  'viz.headLayer': { en: 'Layer ', 'zh-CN': '层 ' },
  'viz.headSwatch': { en: 'Head {head}', 'zh-CN': '第 {head} 个头' },
  'viz.headQueryToken': { en: 'query {token}', 'zh-CN': '查询 {token}' },
  'viz.headKeyToken': { en: 'key {token}', 'zh-CN': '键 {token}' },
  'viz.modelTitle': { en: 'Model view: {layers} layers × {heads} heads of attention over {seqLenQ} × {seqLenK} tokens', 'zh-CN': '模型视图：{layers} 层 × {heads} 个注意力头在 {seqLenQ} × {seqLenK} 个词元上的注意力' },
  'viz.modelOpen': { en: 'Open layer {layer}, head {head}', 'zh-CN': '展开第 {layer} 层第 {head} 个头' },
  'viz.modelOpenLabelled': { en: 'Open layer {layer}, head {head} ({label})', 'zh-CN': '展开第 {layer} 层第 {head} 个头（{label}）' },
  'viz.modelDetail': { en: 'Layer {layer}, head {head}', 'zh-CN': '第 {layer} 层第 {head} 个头' },
  'viz.modelDetailTitle': { en: 'Layer {layer}, head {head}: attention of {seqLenQ} queries over {seqLenK} keys', 'zh-CN': '第 {layer} 层第 {head} 个头：{seqLenQ} 个查询对 {seqLenK} 个键的注意力' },
  'viz.modelClose': { en: 'Close', 'zh-CN': '关闭' },
  'viz.modelTableLabel': { en: 'label', 'zh-CN': '标签' },
  'viz.modelTableStrongest': { en: 'strongest query → key', 'zh-CN': '最强的查询 → 键' },
  'viz.neuronTitle': {
    en: 'Neuron view: query {query} against {keys} keys, dHead {dHead}; weight = softmax(q·k × {scale})',
    'zh-CN': '神经元视图：查询 {query} 对 {keys} 个键，dHead {dHead}；权重 = softmax(q·k × {scale})',
  },
  'viz.neuronQuery': { en: 'query', 'zh-CN': '查询' },
  'viz.neuronQueryLabel': { en: 'query {token}: {values}', 'zh-CN': '查询 {token}：{values}' },
  'viz.neuronKeyLabel': { en: 'key {token}: q·k {dot}, scaled {scaled}, weight {weight}', 'zh-CN': '键 {token}：q·k {dot}，缩放后 {scaled}，权重 {weight}' },
  'viz.neuronMaskedWeight': { en: '0 (masked)', 'zh-CN': '0（已掩码）' },
  'viz.neuronTableQuery': { en: 'query {token}', 'zh-CN': '查询 {token}' },
  'viz.neuronTableKey': { en: 'key {token}', 'zh-CN': '键 {token}' },
  'viz.neuronTableVector': { en: 'vector', 'zh-CN': '向量' },
  'viz.neuronTableWeight': { en: 'softmax weight', 'zh-CN': 'softmax 权重' },
  'viz.lineTitle': { en: 'Line chart of {series}', 'zh-CN': '{series} 的折线图' },
  'viz.lineTitleY': { en: 'Line chart of {series} ({y})', 'zh-CN': '{series} 的折线图（{y}）' },
  'viz.lineTitleYX': { en: 'Line chart of {series} ({y} by {x})', 'zh-CN': '{series} 的折线图（{y} 随 {x} 变化）' },
  'viz.lineNoSeries': { en: 'no series yet', 'zh-CN': '尚无数据系列' },
  'viz.lineTableSeries': { en: 'series', 'zh-CN': '系列' },
  'viz.peTitle': { en: 'Positional encoding: {seqLen} positions × {dModel} dimensions, with dimensions {dims} as curves', 'zh-CN': '位置编码：{seqLen} 个位置 × {dModel} 个维度，维度 {dims} 另画成曲线' },
  'viz.peDimension': { en: 'dimension', 'zh-CN': '维度' },
  'viz.pePosition': { en: 'position', 'zh-CN': '位置' },
  'viz.peValue': { en: 'value', 'zh-CN': '数值' },
  'viz.peTableDimension': { en: 'dimension {dim}', 'zh-CN': '维度 {dim}' },
  'viz.barsTitle': { en: 'Next-token probabilities: the {topK} most probable of {vocab} tokens', 'zh-CN': '下一个词元的概率：{vocab} 个词元中最可能的 {topK} 个' },
  'viz.barsLabel': { en: '{rank}. {token}: {probability}', 'zh-CN': '第 {rank} 名：{token}，{probability}' },
  'viz.barsLabelHighlighted': { en: '{rank}. {token}: {probability} (highlighted)', 'zh-CN': '第 {rank} 名：{token}，{probability}（高亮）' },
  'viz.barsHighlighted': { en: '{token} (highlighted)', 'zh-CN': '{token}（高亮）' },
  'viz.barsTableRank': { en: 'rank', 'zh-CN': '名次' },
  'viz.barsTableProbability': { en: 'probability', 'zh-CN': '概率' },
  'viz.scalingTitle': {
    en: 'Softmax sharpness: mean largest weight over {seqLenK} keys as dHead grows, with and without scaling by 1/√dHead',
    'zh-CN': 'softmax 的尖锐程度：随着 dHead 增大，{seqLenK} 个键中最大权重的平均值，分别为按 1/√dHead 缩放与不缩放',
  },
  'viz.scalingAxis': { en: 'largest weight', 'zh-CN': '最大权重' },
  'viz.scalingUnscaled': { en: 'largest weight, unscaled', 'zh-CN': '最大权重（未缩放）' },
  'viz.scalingScaled': { en: 'largest weight, scaled by 1/√dHead', 'zh-CN': '最大权重（按 1/√dHead 缩放）' },
  'viz.saliencyTitle': { en: 'Token saliency of {tokens} tokens, shaded by weight', 'zh-CN': '{tokens} 个词元的显著性，按权重着色' },
  'viz.overlayTitle': { en: 'Image of {height} × {width} pixels with attention over {patchRows} × {patchCols} patches', 'zh-CN': '{height} × {width} 像素的图像，注意力分布在 {patchRows} × {patchCols} 个图块上' },
  'viz.overlayTitleRows': { en: 'Image of {height} × {width} pixels with attention over {patchRows} × {patchCols} rows', 'zh-CN': '{height} × {width} 像素的图像，注意力分布在 {patchRows} × {patchCols} 个行带上' },
  'viz.overlayPatch': { en: 'patch ({row}, {col})', 'zh-CN': '图块 ({row}, {col})' },
  'viz.overlayBand': { en: 'row band {row}', 'zh-CN': '行带 {row}' },
  'viz.overlayTableRow': { en: 'patch row', 'zh-CN': '图块行' },
  'viz.overlayTableColumn': { en: 'patch column {col}', 'zh-CN': '图块列 {col}' },
  'viz.stepsTitle': { en: 'Scaled dot-product attention step by step: {seqLenQ} queries, {seqLenK} keys, dHead {dHead}', 'zh-CN': '逐步计算缩放点积注意力：{seqLenQ} 个查询，{seqLenK} 个键，dHead {dHead}' },
  'viz.stepsMask': { en: 'mask', 'zh-CN': '掩码' },
  'viz.stepsQueries': { en: 'queries', 'zh-CN': '查询' },
  'viz.stepsKeys': { en: 'keys, transposed', 'zh-CN': '键（转置）' },
  'viz.stepsScores': { en: 'scores', 'zh-CN': '分数' },
  'viz.stepsScaled': { en: 'scaled scores', 'zh-CN': '缩放后的分数' },
  'viz.stepsMasked': { en: 'masked scores', 'zh-CN': '掩码后的分数' },
  'viz.stepsWeights': { en: 'attention weights', 'zh-CN': '注意力权重' },
  'viz.stepsValues': { en: 'values', 'zh-CN': '值' },
  'viz.stepsOutput': { en: 'output', 'zh-CN': '输出' },
  'viz.stepsDim': { en: 'dim {dim}', 'zh-CN': '维度 {dim}' },
  'viz.stepsTableStep': { en: 'step', 'zh-CN': '步骤' },
  'viz.stepsTableRow': { en: 'row', 'zh-CN': '行' },
  'viz.stepsTableValues': { en: 'values', 'zh-CN': '数值' },
  // The glossary (Glossary.astro)
  'glossary.english': { en: 'English', 'zh-CN': '英文' },
  'glossary.chinese': { en: 'Chinese', 'zh-CN': '中文' },
  'glossary.note': { en: 'Note', 'zh-CN': '说明' },
} as const satisfies Record<string, Record<MessageLang, string>>;

export type MessageId = keyof typeof MESSAGES;

/**
 * The catalogue's language for a `lang` attribute: any Chinese tag gives
 * `zh-CN`, anything else (or nothing) English.
 *
 * @param lang - A BCP-47 tag such as `zh-CN`, `zh-cn` or `en`.
 * @returns `'zh-CN'` or `'en'`.
 * @example
 * messageLang(document.documentElement.lang); // 'zh-CN' on /zh-cn/ pages
 */
export function messageLang(lang: string | null | undefined): MessageLang {
  return lang?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/**
 * The language of the text around `element`: its nearest `lang` attribute (a
 * page falling back to English keeps English chrome in its English content).
 *
 * @param element - Any element of the page.
 * @returns `'zh-CN'` or `'en'`.
 * @example
 * t(langOf(root), 'live.status.running');
 */
export function langOf(element: Element): MessageLang {
  return messageLang(element.closest('[lang]')?.getAttribute('lang'));
}

/**
 * One message in one language, with its `{name}` placeholders filled in.
 *
 * @param lang - The language.
 * @param id - The message's id in {@link MESSAGES}.
 * @param params - The values of its placeholders. Default none.
 * @returns The text.
 * @example
 * t('zh-CN', 'live.status.done', { ms: 12, backend: 'webgl' }); // '在 webgl 上运行了 12 毫秒。'
 */
export function t(lang: MessageLang, id: MessageId, params: Record<string, string | number> = {}): string {
  return MESSAGES[id][lang].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
