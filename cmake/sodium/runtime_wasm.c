/*
 * libsodium's CPU feature detection (sodium/runtime.c) for the WebAssembly build, which replaces it.
 *
 * libsodium picks its SSE2/SSSE3/SSE4.1 code paths at sodium_init() from cpuid, which WebAssembly
 * does not have. The WebAssembly build compiles those paths with -msimd128 and Emscripten's x86
 * intrinsic headers, which translate them to WebAssembly SIMD128 (see cmake/Dependencies.cmake), so
 * here the features are compile-time facts: the SSE levels the build enables are reported present,
 * everything else (AVX*, AES-NI, PCLMUL, RDRAND, NEON) absent. A module built this way needs an
 * engine with SIMD128 (Chrome/Edge 91+, Firefox 89+, Safari 16.4+, Node 16.4+).
 */
#include "runtime.h"

int _sodium_runtime_get_cpu_features(void) { return 0; }

int sodium_runtime_has_neon(void) { return 0; }

int sodium_runtime_has_sse2(void)
{
#if defined(__SSE2__)
    return 1;
#else
    return 0;
#endif
}

int sodium_runtime_has_sse3(void)
{
#if defined(__SSE3__)
    return 1;
#else
    return 0;
#endif
}

int sodium_runtime_has_ssse3(void)
{
#if defined(__SSSE3__)
    return 1;
#else
    return 0;
#endif
}

int sodium_runtime_has_sse41(void)
{
#if defined(__SSE4_1__)
    return 1;
#else
    return 0;
#endif
}

int sodium_runtime_has_avx(void) { return 0; }
int sodium_runtime_has_avx2(void) { return 0; }
int sodium_runtime_has_avx512f(void) { return 0; }
int sodium_runtime_has_pclmul(void) { return 0; }
int sodium_runtime_has_aesni(void) { return 0; }
int sodium_runtime_has_rdrand(void) { return 0; }
