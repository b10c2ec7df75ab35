/*
 * Force-included into libsodium's sources in the WebAssembly SIMD build (cmake/Dependencies.cmake).
 *
 * Works around a clang 14 WebAssembly code-generation bug (Emscripten 3.1.6): when a 64-bit value
 * assembled from two 32-bit loads is splatted into a vector (_mm_set1_epi64x), the backend folds
 * load and splat into one v128.load64_splat but loses its ordering against a later store to the
 * same address. ChaCha20's 4-block SSSE3 path (chacha20_dolbeau-ssse3.c, u4.h) reads the block
 * counter that way and then stores counter + 4, so the splat read the already-advanced counter and
 * every message of 256 bytes or more got the wrong keystream (caught by the Wycheproof vectors).
 * An empty asm statement makes the value opaque, so no load is folded into the splat; the cost is
 * one i64x2.splat from a local.
 */
#ifndef EHR_WASM_SIMD_FIX_H
#define EHR_WASM_SIMD_FIX_H

#include <emmintrin.h>
#include <stdint.h>

static inline __m128i ehr_mm_set1_epi64x(int64_t q)
{
    __asm__("" : "+r"(q));
    return (__m128i) wasm_i64x2_splat(q);
}
/* libsodium's private/sse2_64_32.h only defines its own _mm_set1_epi64x when none is defined. */
#define _mm_set1_epi64x(q) ehr_mm_set1_epi64x(q)

#endif
