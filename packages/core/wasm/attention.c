// Fused attention for one (batch, head) slice, in WebAssembly SIMD (f32x4).
//
// O = softmax(scale * Q K^T + mask) V, computed without the [seqLenQ, seqLenK]
// score matrix: queries go in blocks of QB rows, keys in tiles of KB, and each
// row keeps a running maximum m, a running sum l and an unnormalised output
// acc that every new tile rescales by exp(m_old - m_new) (online softmax, as
// in flash attention). Memory is O((seqLenQ + seqLenK) * dHead).
//
// No libc: JavaScript owns the linear memory. It writes the inputs at offsets
// of its choosing past __heap_base, asks attention_scratch_bytes() how much
// scratch one head needs, grows the memory, calls attention_pack() for the
// head's keys and values, then attention_rows() for slices of its queries.
//
// Build variants (scripts/build-wasm.mjs):
//   simd128            f32x4 mul + add.
//   simd128 + relaxed  relaxed madd (one FMA where the CPU has it). Clang 14
//                      only knows the pre-standard opcode 0xaf, so the build
//                      script rewrites each one to the final relaxed_madd.

#include <stdint.h>
#include <wasm_simd128.h>

#define ROWS 8  // query rows per register tile, two f32x4 of rows
#define QB 32   // query rows per block (their acc rows stay in L1)
#define KB 64   // keys per tile
#define LOWEST (-3.4028234663852886e38f)
#define LOG2E 1.44269504088896341f
#define LN2 0.693147180559945309f

typedef float f32x4_t __attribute__((vector_size(16)));

// a * b + c
static inline v128_t madd(v128_t a, v128_t b, v128_t c) {
#ifdef __wasm_relaxed_simd__
  return (v128_t)__builtin_wasm_fma_f32x4((f32x4_t)a, (f32x4_t)b, (f32x4_t)c);
#else
  return wasm_f32x4_add(wasm_f32x4_mul(a, b), c);
#endif
}

static inline int min_int(int a, int b) { return a < b ? a : b; }
static inline int round_up(int x, int m) { return (x + m - 1) / m * m; }

// 2^x for x <= 0, relative error below 1e-7; NaN stays NaN. Below -126 it
// returns 2^-126 (about 1e-38) instead of a denormal, which the callers
// either mask to 0 or multiply by a zero sum. The scores are kept in base 2
// (the queries carry a factor log2(e)), so no multiply by log2(e) and no
// two-part ln 2 reduction is needed here: r = x - round(x) is exact.
static inline v128_t exp2_nonpositive(v128_t x) {
  // pmax(x, lo) is `x < lo ? lo : x`, so a NaN x passes through.
  x = wasm_f32x4_pmax(x, wasm_f32x4_splat(-126.0f));
  // Adding 1.5 * 2^23 rounds x to the nearest integer n, held in the low mantissa bits.
  const v128_t magic = wasm_f32x4_splat(12582912.0f);
  const v128_t t = wasm_f32x4_add(x, magic);
  const v128_t r = wasm_f32x4_sub(x, wasm_f32x4_sub(t, magic)); // in [-0.5, 0.5]
  // 2^r: degree-6 polynomial fitted for relative error on [-0.5, 0.5] (9.6e-8 in float32).
  v128_t p = wasm_f32x4_splat(1.5345808060e-4f);
  p = madd(p, r, wasm_f32x4_splat(1.3399932068e-3f));
  p = madd(p, r, wasm_f32x4_splat(9.6184890717e-3f));
  p = madd(p, r, wasm_f32x4_splat(5.5503286421e-2f));
  p = madd(p, r, wasm_f32x4_splat(2.4022646248e-1f));
  p = madd(p, r, wasm_f32x4_splat(6.9314718246e-1f));
  p = madd(p, r, wasm_f32x4_splat(1.0f));
  // 2^n built in the exponent field (n >= -126 after the clamp): the bits of t
  // are those of 1.5 * 2^23 plus n, and the 1.5 * 2^23 part shifts out.
  const v128_t two_n = wasm_i32x4_shl(wasm_i32x4_add(t, wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(p, two_n);
}

// Scratch layout, in floats, every part a multiple of 4 (16-byte aligned):
//   kp    [seqLenK4 / 4][dHead][4]  keys in groups of 4, each group's
//                                    dimension d side by side
//   vp    [seqLenK4][dValue8]        values, rows padded to 8 lanes
//   qt    [QB / ROWS][dHead][ROWS]   the query block, times scale * log2(e),
//                                    each group's ROWS rows side by side
//   acc   [QB][dValue8]              unnormalised outputs of the query block
//   m, l  [QB] each                  running maxima (base 2) and sums
//   s     [KB][ROWS]                 scores, then probabilities, of one group
//   keep  [KB][ROWS]                 int32 all-ones where a score is kept
//   corr  [ROWS]                     each row's rescale factor for this tile
// Scores, maxima and probabilities hold one key's ROWS rows side by side, so
// the online softmax runs down the lanes with no horizontal reductions; the
// inner loops read their operands at fixed offsets from one or two pointers.
__attribute__((export_name("attention_scratch_bytes"))) int attention_scratch_bytes(int seq_len_k, int d_head, int d_value) {
  int k4 = round_up(seq_len_k, 4);
  int v8 = round_up(d_value, 8);
  int floats = k4 * d_head + k4 * v8 + QB * d_head + QB * v8 + 2 * QB + 2 * KB * ROWS + ROWS;
  return floats * 4;
}

/**
 * Packs one head's keys k [seqLenK, dHead] and values v [seqLenK, dValue] into
 * scratch (attention_scratch_bytes(seqLenK, dHead, dValue) bytes, 16-byte
 * aligned), ready for attention_rows. Padding keys are zero.
 */
__attribute__((export_name("attention_pack"))) void attention_pack(const float *k, const float *v, int seq_len_k, int d_head,
                                                                   int d_value, float *scratch) {
  const int D = d_head, DV = d_value;
  const int K4 = round_up(seq_len_k, 4), DV8 = round_up(DV, 8);
  float *kp = scratch;
  float *vp = kp + K4 * D;
  for (int j = 0; j < K4; j++) {
    const int g = j >> 2, c = j & 3;
    for (int d = 0; d < D; d++) kp[(g * D + d) * 4 + c] = j < seq_len_k ? k[j * D + d] : 0.0f;
    for (int d = 0; d < DV8; d++) vp[j * DV8 + d] = (j < seq_len_k && d < DV) ? v[j * DV + d] : 0.0f;
  }
}

/**
 * Query rows [row_begin, row_end) of one head, after attention_pack: q
 * [seqLenQ, dHead] -> o [seqLenQ, dValue], and stats [seqLenQ, 2] = (m, l) per
 * row so the caller can form logSumExp = m + log(l). A row with l == 0 (every
 * key masked) gets zeros. mask (when has_mask) is read as
 * mask[row * mask_row_stride + key * mask_key_stride], nonzero = attend;
 * causal lets row i see keys j <= i only. JavaScript calls this in slices of
 * rows so that V8 can swap in its optimised code between calls (a running
 * wasm call never leaves its baseline code).
 */
__attribute__((export_name("attention_rows"))) void attention_rows(
    const float *q, float *o, float *stats, int row_begin, int row_end, int seq_len_q, int seq_len_k, int d_head,
    int d_value, float scale, int causal, int has_mask, const uint8_t *mask, int mask_row_stride, int mask_key_stride,
    float *scratch) {
  const int D = d_head, DV = d_value;
  const int K4 = round_up(seq_len_k, 4), DV8 = round_up(DV, 8);
  float *kp = scratch;
  float *vp = kp + K4 * D;
  float *qt = vp + K4 * DV8;
  float *acc = qt + QB * D;
  float *m = acc + QB * DV8;
  float *l = m + QB;
  float *s = l + QB;
  int32_t *keep = (int32_t *)(s + KB * ROWS);
  float *corr = (float *)(keep + KB * ROWS);
  if (row_end > seq_len_q) row_end = seq_len_q;

  const float qscale = scale * LOG2E;
  const v128_t vlowest = wasm_f32x4_splat(LOWEST);

  for (int q0 = row_begin; q0 < row_end; q0 += QB) {
    const int qn = min_int(QB, row_end - q0);
    const int qnr = round_up(qn, ROWS);
    for (int r = 0; r < qnr; r++) {
      const int row = q0 + r;
      float *dst = qt + (r / ROWS) * D * ROWS + r % ROWS;
      for (int d = 0; d < D; d++) dst[d * ROWS] = row < row_end ? q[row * D + d] * qscale : 0.0f;
      m[r] = LOWEST;
      l[r] = 0.0f;
      for (int d = 0; d < DV8; d++) acc[r * DV8 + d] = 0.0f;
    }
    // With causal, keys after the block's last row are never seen.
    const int k_end = causal ? min_int(seq_len_k, q0 + qn) : seq_len_k;

    for (int k0 = 0; k0 < k_end; k0 += KB) {
      const int kn = min_int(KB, k_end - k0);
      const int kn4 = round_up(kn, 4);
      for (int r0 = 0; r0 < qnr; r0 += ROWS) {
        const int row0 = q0 + r0;
        const float *qg = qt + r0 * D; // this group's [dHead][ROWS]

        // Scores of ROWS rows x 4 keys at a time, in registers: s = q . k (base 2).
        for (int g = 0; g < kn4; g += 4) {
          const float *kg = kp + (k0 + g) * D; // [dHead][4]
          v128_t a[4][2];
          for (int c = 0; c < 4; c++) a[c][0] = a[c][1] = wasm_f32x4_splat(0);
          for (int d = 0; d < D; d++) {
            const v128_t q_lo = wasm_v128_load(qg + d * ROWS);
            const v128_t q_hi = wasm_v128_load(qg + d * ROWS + 4);
            for (int c = 0; c < 4; c++) {
              const v128_t x = wasm_v128_load32_splat(kg + d * 4 + c);
              a[c][0] = madd(x, q_lo, a[c][0]);
              a[c][1] = madd(x, q_hi, a[c][1]);
            }
          }
          for (int c = 0; c < 4; c++) {
            wasm_v128_store(s + (g + c) * ROWS, a[c][0]);
            wasm_v128_store(s + (g + c) * ROWS + 4, a[c][1]);
          }
        }

        // Which scores count: the tile's real keys, the causal triangle, the mask.
        const int masked = kn4 != kn || has_mask || (causal && k0 + kn - 1 > row0) || row0 + ROWS > row_end;
        if (masked) {
          for (int j = 0; j < kn4; j++) {
            const int key = k0 + j;
            for (int i = 0; i < ROWS; i++) {
              const int row = row0 + i;
              int ok = j < kn && row < row_end;
              if (ok && causal) ok = key <= row;
              if (ok && has_mask) ok = mask[row * mask_row_stride + key * mask_key_stride] != 0;
              keep[j * ROWS + i] = ok ? -1 : 0;
            }
          }
        }

        // Online softmax, four rows per vector: new maxima, rescale, p = 2^(s - m).
        for (int h = 0; h < ROWS; h += 4) {
          // pmax(a, b) is `a < b ? b : a`: a NaN score never becomes the maximum
          // (it still turns its row to NaN through p below).
          v128_t vmax = vlowest;
          for (int j = 0; j < kn4; j++) {
            v128_t x = wasm_v128_load(s + j * ROWS + h);
            if (masked) x = wasm_v128_bitselect(x, vlowest, wasm_v128_load(keep + j * ROWS + h));
            vmax = wasm_f32x4_pmax(vmax, x);
          }
          const v128_t m_old = wasm_v128_load(m + r0 + h);
          const v128_t m_new = wasm_f32x4_pmax(m_old, vmax);
          v128_t vsum = wasm_f32x4_splat(0);
          for (int j = 0; j < kn4; j++) {
            float *sj = s + j * ROWS + h;
            v128_t p = exp2_nonpositive(wasm_f32x4_sub(wasm_v128_load(sj), m_new));
            if (masked) p = wasm_v128_and(p, wasm_v128_load(keep + j * ROWS + h));
            wasm_v128_store(sj, p);
            vsum = wasm_f32x4_add(vsum, p);
          }
          const v128_t c = exp2_nonpositive(wasm_f32x4_sub(m_old, m_new));
          wasm_v128_store(corr + h, c);
          wasm_v128_store(m + r0 + h, m_new);
          wasm_v128_store(l + r0 + h, wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(l + r0 + h), c), vsum));
        }

        // acc = acc * corr + p V, 4 rows x 8 value columns at a time.
        for (int h = 0; h < ROWS; h += 4) {
          for (int d = 0; d < DV8; d += 8) {
            v128_t a[4][2];
            for (int i = 0; i < 4; i++) {
              const float *ai = acc + (r0 + h + i) * DV8 + d;
              const v128_t ci = wasm_v128_load32_splat(corr + h + i);
              a[i][0] = wasm_f32x4_mul(wasm_v128_load(ai), ci);
              a[i][1] = wasm_f32x4_mul(wasm_v128_load(ai + 4), ci);
            }
            const float *vj = vp + k0 * DV8 + d;
            const float *pj = s + h;
            for (int j = 0; j < kn4; j++, vj += DV8, pj += ROWS) {
              const v128_t v_lo = wasm_v128_load(vj);
              const v128_t v_hi = wasm_v128_load(vj + 4);
              for (int i = 0; i < 4; i++) {
                const v128_t p = wasm_v128_load32_splat(pj + i);
                a[i][0] = madd(p, v_lo, a[i][0]);
                a[i][1] = madd(p, v_hi, a[i][1]);
              }
            }
            for (int i = 0; i < 4; i++) {
              float *ai = acc + (r0 + h + i) * DV8 + d;
              wasm_v128_store(ai, a[i][0]);
              wasm_v128_store(ai + 4, a[i][1]);
            }
          }
        }
      }
    }

    // o = acc / l; a row with l == 0 saw no key and stays zero. A NaN l is not
    // 0, so a NaN row stays NaN. m goes back to natural-log units.
    for (int r = 0; r < qn; r++) {
      const int row = q0 + r;
      const float sum = l[r];
      const float inv = sum == 0.0f ? 0.0f : 1.0f / sum;
      for (int d = 0; d < DV; d++) o[row * DV + d] = sum == 0.0f ? 0.0f : acc[r * DV8 + d] * inv;
      stats[2 * row] = m[r] == LOWEST ? LOWEST : m[r] * LN2;
      stats[2 * row + 1] = sum;
    }
  }
}
