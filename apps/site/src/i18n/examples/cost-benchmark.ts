// Chinese text of examples/cost-benchmark.js (see ../example-messages.ts).
export default {
  'full': '完整注意力',
  'memory-efficient': '省内存注意力',
  'fused, {0} workers': '融合内核，{0} 个 Worker',
  'full, fitted c·n²': '完整注意力的 c·n² 拟合',
  'sequence length': '序列长度',
  'ms per call': '每次调用耗时（ms）',
  'time': '时间',
  'peak MiB': '内存峰值（MiB）',
  'memory': '内存',
  'backend {0}, batch 1, {1} heads of {2}': '后端 {0}，批大小 1，{1} 个头，每个头宽 {2}',
  'fused kernel: {0} Web Workers (one per core)': '融合内核：{0} 个 Web Worker（每个核心一个）',
  'fused kernel: not available here (no WebAssembly SIMD)': '融合内核：此处不可用（不支持 WebAssembly SIMD）',
  'seqLen   full ms   chunked ms   workers ms   full MiB   chunked MiB': '  长度   完整 ms      分块 ms      融合 ms   完整 MiB      分块 MiB',
  'fitted to full attention: {0} ms per million query-key pairs; doubling the length multiplies the time by 4': '按完整注意力的耗时拟合：每百万个查询–键对 {0} ms；序列长度翻倍，耗时变为 4 倍',
};
