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
