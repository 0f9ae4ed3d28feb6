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

#ifndef ROWS
#define ROWS 4 // query rows per register tile: 2 * ROWS accumulators (5 or 6 spill in V8)
#endif
#define QB (8 * ROWS) // query rows per block (their acc rows stay in L1)
#define KB 64         // keys per tile
#define LOWEST (-3.4028234663852886e38f)

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

// exp(x) for x <= 0, relative error about 1e-7; NaN stays NaN. Below -87 it
// returns about 1e-38 instead of a denormal, which the callers either mask to
// 0 or multiply by a zero sum.
static inline v128_t exp_nonpositive(v128_t x) {
  // pmax(x, lo) is `x < lo ? lo : x`, so a NaN x passes through.
  x = wasm_f32x4_pmax(x, wasm_f32x4_splat(-87.0f));
  // Adding 1.5 * 2^23 rounds x log2(e) to an integer n held in the low mantissa bits.
  const v128_t magic = wasm_f32x4_splat(12582912.0f);
  const v128_t t = madd(x, wasm_f32x4_splat(1.44269504088896341f), magic);
  const v128_t n = wasm_f32x4_sub(t, magic);
  // r = x - n ln2, with ln2 split in two so the product is exact enough.
  v128_t r = wasm_f32x4_sub(x, wasm_f32x4_mul(n, wasm_f32x4_splat(0.693359375f)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, wasm_f32x4_splat(-2.12194440e-4f)));
  // exp(r) on [-ln2/2, ln2/2]: a degree-7 Taylor-like minimax polynomial.
  v128_t p = wasm_f32x4_splat(1.9875691500e-4f);
  p = madd(p, r, wasm_f32x4_splat(1.3981999507e-3f));
  p = madd(p, r, wasm_f32x4_splat(8.3334519073e-3f));
  p = madd(p, r, wasm_f32x4_splat(4.1665795894e-2f));
  p = madd(p, r, wasm_f32x4_splat(1.6666665459e-1f));
  p = madd(p, r, wasm_f32x4_splat(5.0000001201e-1f));
  p = madd(wasm_f32x4_mul(p, r), r, r);
  p = wasm_f32x4_add(p, wasm_f32x4_splat(1.0f));
  // 2^n built in the exponent field (n >= -126 after the clamp): the bits of t
  // are those of 1.5 * 2^23 plus n, and the 1.5 * 2^23 part shifts out.
  v128_t two_n = wasm_i32x4_shl(wasm_i32x4_add(t, wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(p, two_n);
}

static inline float exp_scalar(float x) { return wasm_f32x4_extract_lane(exp_nonpositive(wasm_f32x4_splat(x)), 0); }

// Scratch layout, in floats, every part a multiple of 4 (16-byte aligned):
//   kp    [seqLenK8 / 8][dHead][8]  keys packed in groups of 8
//   vp    [seqLenK8][dValue8]       values, rows padded to 8 lanes
//   acc   [QB][dValue8]             unnormalised outputs of the query block
//   m, l  [QB] each                 running maxima and sums
//   s     [ROWS][KB]                scores, then probabilities, of ROWS rows
//   keep  [ROWS][KB]                int32 all-ones where a score is kept
//   zero  [dHead4]                  a zero query row for padding
__attribute__((export_name("attention_scratch_bytes"))) int attention_scratch_bytes(int seq_len_k, int d_head, int d_value) {
  int k8 = round_up(seq_len_k, 8);
  int v8 = round_up(d_value, 8);
  int floats = k8 * d_head + k8 * v8 + QB * v8 + 2 * QB + 2 * ROWS * KB + round_up(d_head, 4);
  return floats * 4;
}

/**
 * Packs one head's keys k [seqLenK, dHead] and values v [seqLenK, dValue] into
 * scratch (attention_scratch_bytes(seqLenK, dHead, dValue) bytes, 16-byte
 * aligned), ready for attention_rows.
 */
__attribute__((export_name("attention_pack"))) void attention_pack(const float *k, const float *v, int seq_len_k, int d_head,
                                                                   int d_value, float *scratch) {
  const int D = d_head, DV = d_value;
  const int K8 = round_up(seq_len_k, 8), DV8 = round_up(DV, 8);
  float *kp = scratch;
  float *vp = kp + K8 * D;
  float *zero = vp + K8 * DV8 + QB * DV8 + 2 * QB + 2 * ROWS * KB;
  // Keys as [group][d][8], so the score kernel reads 8 keys with two loads.
  for (int j = 0; j < K8; j++) {
    const int g = j >> 3, c = j & 7;
    for (int d = 0; d < D; d++) kp[(g * D + d) * 8 + c] = j < seq_len_k ? k[j * D + d] : 0.0f;
    for (int d = 0; d < DV8; d++) vp[j * DV8 + d] = (j < seq_len_k && d < DV) ? v[j * DV + d] : 0.0f;
  }
  for (int d = 0; d < round_up(D, 4); d++) zero[d] = 0.0f;
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
  const int K8 = round_up(seq_len_k, 8), DV8 = round_up(DV, 8);
  float *kp = scratch;
  float *vp = kp + K8 * D;
  float *acc = vp + K8 * DV8;
  float *m = acc + QB * DV8;
  float *l = m + QB;
  float *s = l + QB;
  int32_t *keep = (int32_t *)(s + ROWS * KB);
  float *zero = (float *)(keep + ROWS * KB);
  if (row_end > seq_len_q) row_end = seq_len_q;

  const v128_t vscale = wasm_f32x4_splat(scale);
  const v128_t vlowest = wasm_f32x4_splat(LOWEST);

  for (int q0 = row_begin; q0 < row_end; q0 += QB) {
    const int qn = min_int(QB, row_end - q0);
    const int qnr = round_up(qn, ROWS);
    for (int r = 0; r < qnr; r++) {
      m[r] = LOWEST;
      l[r] = 0.0f;
      for (int d = 0; d < DV8; d++) acc[r * DV8 + d] = 0.0f;
    }
    // With causal, keys after the block's last row are never seen.
    const int k_end = causal ? min_int(seq_len_k, q0 + qn) : seq_len_k;

    for (int k0 = 0; k0 < k_end; k0 += KB) {
      const int kn = min_int(KB, k_end - k0);
      const int kn8 = round_up(kn, 8);
      for (int r0 = 0; r0 < qnr; r0 += ROWS) {
        const int row0 = q0 + r0;
        const float *qr[ROWS];
        for (int i = 0; i < ROWS; i++) qr[i] = row0 + i < row_end ? q + (row0 + i) * D : zero;

        // Scores of ROWS rows x 8 keys at a time, in registers: s = scale * q . k
        for (int g = 0; g < kn8; g += 8) {
          const float *kg = kp + ((k0 + g) >> 3) * D * 8;
          v128_t a[ROWS][2];
          for (int i = 0; i < ROWS; i++) a[i][0] = a[i][1] = wasm_f32x4_splat(0);
          for (int d = 0; d < D; d++) {
            const v128_t k_lo = wasm_v128_load(kg + d * 8);
            const v128_t k_hi = wasm_v128_load(kg + d * 8 + 4);
            for (int i = 0; i < ROWS; i++) {
              const v128_t x = wasm_v128_load32_splat(qr[i] + d);
              a[i][0] = madd(x, k_lo, a[i][0]);
              a[i][1] = madd(x, k_hi, a[i][1]);
            }
          }
          for (int i = 0; i < ROWS; i++) {
            wasm_v128_store(s + i * KB + g, wasm_f32x4_mul(a[i][0], vscale));
            wasm_v128_store(s + i * KB + g + 4, wasm_f32x4_mul(a[i][1], vscale));
          }
        }

        // Which scores count: the tile's real keys, the causal triangle, the mask.
        const int masked = kn8 != kn || has_mask || (causal && k0 + kn - 1 > row0) || row0 + ROWS > row_end;
        if (masked) {
          for (int i = 0; i < ROWS; i++) {
            const int row = row0 + i;
            for (int j = 0; j < kn8; j++) {
              const int key = k0 + j;
              int ok = j < kn && row < row_end;
              if (ok && causal) ok = key <= row;
              if (ok && has_mask) ok = mask[row * mask_row_stride + key * mask_key_stride] != 0;
              keep[i * KB + j] = ok ? -1 : 0;
            }
          }
        }

        // Online softmax, row by row: new maximum, rescale, p = exp(s - m).
        v128_t corr[ROWS];
        for (int i = 0; i < ROWS; i++) {
          float *si = s + i * KB;
          const int32_t *ki = keep + i * KB;
          // pmax(a, b) is `a < b ? b : a`: a NaN score never becomes the maximum
          // (it still turns its row to NaN through p below).
          v128_t vmax = vlowest;
          for (int j = 0; j < kn8; j += 4) {
            v128_t x = wasm_v128_load(si + j);
            if (masked) x = wasm_v128_bitselect(x, vlowest, wasm_v128_load(ki + j));
            vmax = wasm_f32x4_pmax(vmax, x);
          }
          vmax = wasm_f32x4_pmax(vmax, wasm_i32x4_shuffle(vmax, vmax, 2, 3, 0, 1));
          vmax = wasm_f32x4_pmax(vmax, wasm_i32x4_shuffle(vmax, vmax, 1, 0, 3, 2));
          const float tile_max = wasm_f32x4_extract_lane(vmax, 0);
          const int r = r0 + i;
          const float m_old = m[r];
          const float m_new = m_old < tile_max ? tile_max : m_old;
          const v128_t vm = wasm_f32x4_splat(m_new);
          v128_t vsum = wasm_f32x4_splat(0);
          for (int j = 0; j < kn8; j += 4) {
            v128_t p = exp_nonpositive(wasm_f32x4_sub(wasm_v128_load(si + j), vm));
            if (masked) p = wasm_v128_and(p, wasm_v128_load(ki + j));
            wasm_v128_store(si + j, p);
            vsum = wasm_f32x4_add(vsum, p);
          }
          const float sum = wasm_f32x4_extract_lane(vsum, 0) + wasm_f32x4_extract_lane(vsum, 1) +
                            wasm_f32x4_extract_lane(vsum, 2) + wasm_f32x4_extract_lane(vsum, 3);
          const float c = exp_scalar(m_old - m_new);
          corr[i] = wasm_f32x4_splat(c);
          m[r] = m_new;
          l[r] = l[r] * c + sum;
        }

        // acc = acc * corr + p V, ROWS rows x 8 value columns at a time.
        for (int d = 0; d < DV8; d += 8) {
          v128_t a[ROWS][2];
          for (int i = 0; i < ROWS; i++) {
            const float *ai = acc + (r0 + i) * DV8 + d;
            a[i][0] = wasm_f32x4_mul(wasm_v128_load(ai), corr[i]);
            a[i][1] = wasm_f32x4_mul(wasm_v128_load(ai + 4), corr[i]);
          }
          const float *vj = vp + k0 * DV8 + d;
          for (int j = 0; j < kn8; j++, vj += DV8) {
            const v128_t v_lo = wasm_v128_load(vj);
            const v128_t v_hi = wasm_v128_load(vj + 4);
            for (int i = 0; i < ROWS; i++) {
              const v128_t p = wasm_v128_load32_splat(s + i * KB + j);
              a[i][0] = madd(p, v_lo, a[i][0]);
              a[i][1] = madd(p, v_hi, a[i][1]);
            }
          }
          for (int i = 0; i < ROWS; i++) {
            float *ai = acc + (r0 + i) * DV8 + d;
            wasm_v128_store(ai, a[i][0]);
            wasm_v128_store(ai + 4, a[i][1]);
          }
        }
      }
    }

    // o = acc / l; a row with l == 0 saw no key and stays zero. A NaN l is not
    // 0, so a NaN row stays NaN.
    for (int r = 0; r < qn; r++) {
      const int row = q0 + r;
      const float sum = l[r];
      const float inv = sum == 0.0f ? 0.0f : 1.0f / sum;
      for (int d = 0; d < DV; d++) o[row * DV + d] = sum == 0.0f ? 0.0f : acc[r * DV8 + d] * inv;
      stats[2 * row] = m[r];
      stats[2 * row + 1] = sum;
    }
  }
}
