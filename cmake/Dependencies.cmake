# C dependencies built from the upstream tarballs that emsdk-setup.sh fetched and verified into
# .deps/src. The same sources build natively and for WebAssembly; only the configuration differs.

set(EHR_DEPS_DIR "${PROJECT_SOURCE_DIR}/.deps" CACHE PATH "Folder emsdk-setup.sh fills")
set(EHR_SECP256K1_SRC "${EHR_DEPS_DIR}/src/libsecp256k1-0.2.0")
set(EHR_SODIUM_SRC "${EHR_DEPS_DIR}/src/libsodium-1.0.18")
foreach(dir IN ITEMS "${EHR_SECP256K1_SRC}" "${EHR_SODIUM_SRC}" "${EHR_DEPS_DIR}/include/nlohmann")
  if(NOT EXISTS "${dir}")
    message(FATAL_ERROR "${dir} is missing: run ./emsdk-setup.sh first")
  endif()
endforeach()

# ---- libsecp256k1 0.2.0 ---------------------------------------------------------------------------
# No CMake upstream at this version: one translation unit (the tables are computed, see below).
#
# ECMULT_WINDOW_SIZE (table for the G part of a*P + b*G, used by verify and recover): 2^(w-2)
# points of 64 bytes. The upstream default w=15 is 512 KiB of tables; we use w=8 (8 KiB): verify
# and recover cost under 10% more (measured on an emcc -O3 build), and the module loses about
# 1 MB gzip, which every browser visit would download.
# ECMULT_GEN_PREC_BITS (table for k*G, used by sign and public key): 4 is upstream's default,
# a 64 KiB table; 2 halves sign speed and 8 quadruples the table for ~10%.
set(EHR_ECMULT_WINDOW_SIZE 8 CACHE STRING "libsecp256k1 ECMULT_WINDOW_SIZE")
set(EHR_ECMULT_GEN_PREC_BITS 4 CACHE STRING "libsecp256k1 ECMULT_GEN_PREC_BITS")

# The tables are computed at run time (cmake/secp256k1/secp256k1_tables.h): as data they were 72 KiB
# that gzip cannot shrink, a sixth of the module; computing them takes about a millisecond, once.
add_library(ehr_secp256k1 STATIC "${PROJECT_SOURCE_DIR}/cmake/secp256k1/secp256k1_tables.c")
target_include_directories(ehr_secp256k1 SYSTEM PUBLIC
  "${EHR_SECP256K1_SRC}/include" "${PROJECT_SOURCE_DIR}/cmake/secp256k1")
target_include_directories(ehr_secp256k1 PRIVATE "${EHR_SECP256K1_SRC}/src")
target_compile_definitions(ehr_secp256k1 PRIVATE
  ENABLE_MODULE_RECOVERY=1 ENABLE_MODULE_EXTRAKEYS=1 ENABLE_MODULE_ECDH=1
  ECMULT_WINDOW_SIZE=${EHR_ECMULT_WINDOW_SIZE}
  ECMULT_GEN_PREC_BITS=${EHR_ECMULT_GEN_PREC_BITS})
if(EMSCRIPTEN)
  # wasm32 has a 64-bit multiply but no 64x64->128: 10x26-limb field arithmetic on int64 is ~2.5x
  # faster than emulated __int128 (sign 18.5k/s vs 7.1k/s measured with emcc -O3).
  target_compile_definitions(ehr_secp256k1 PRIVATE USE_FORCE_WIDEMUL_INT64=1)
endif()
target_compile_options(ehr_secp256k1 PRIVATE -w)
set_target_properties(ehr_secp256k1 PROPERTIES C_STANDARD 90 C_EXTENSIONS ON POSITION_INDEPENDENT_CODE ON)
add_library(ehr::secp256k1 ALIAS ehr_secp256k1)

# ---- libsodium 1.0.18 -----------------------------------------------------------------------------
# The upstream tarball ships no configure script; its sources are listed here instead. SIMD and
# assembly variants are guarded by HAVE_*INTRIN_H / HAVE_AMD64_ASM. The SSE2/SSSE3 variants are
# used natively on x86-64 and, compiled to SIMD128, in WebAssembly (EHR_WASM_SIMD); no assembly.
option(EHR_WASM_SIMD "WebAssembly: use SIMD128 (libsodium's SSE paths, our SHA-256 schedule)" ON)
file(GLOB_RECURSE EHR_SODIUM_SOURCES CONFIGURE_DEPENDS "${EHR_SODIUM_SRC}/src/libsodium/*.c")
if(EMSCRIPTEN AND EHR_WASM_SIMD)
  # cpuid does not exist in WebAssembly: a replacement reports the SSE levels compiled in.
  list(REMOVE_ITEM EHR_SODIUM_SOURCES "${EHR_SODIUM_SRC}/src/libsodium/sodium/runtime.c")
  list(APPEND EHR_SODIUM_SOURCES "${PROJECT_SOURCE_DIR}/cmake/sodium/runtime_wasm.c")
  # So sodium_init() always selects the SIMD variants: the portable ones it would fall back to are
  # left out (3.8 KB gzip) and stand-ins that abort keep the selection code linking. Portable
  # ChaCha20 stays: sodium_init() draws its guard-page canary through it before it selects.
  list(REMOVE_ITEM EHR_SODIUM_SOURCES
    "${EHR_SODIUM_SRC}/src/libsodium/crypto_pwhash/argon2/argon2-fill-block-ref.c"
    "${EHR_SODIUM_SRC}/src/libsodium/crypto_pwhash/scryptsalsa208sha256/nosse/pwhash_scryptsalsa208sha256_nosse.c"
    "${EHR_SODIUM_SRC}/src/libsodium/crypto_stream/salsa20/ref/salsa20_ref.c"
    "${EHR_SODIUM_SRC}/src/libsodium/crypto_onetimeauth/poly1305/donna/poly1305_donna.c")
  list(APPEND EHR_SODIUM_SOURCES "${PROJECT_SOURCE_DIR}/cmake/sodium/portable_stubs_wasm.c")
  set_source_files_properties("${PROJECT_SOURCE_DIR}/cmake/sodium/portable_stubs_wasm.c"
    PROPERTIES INCLUDE_DIRECTORIES "${EHR_SODIUM_SRC}/src/libsodium")
endif()
set(EHR_SODIUM_GEN "${CMAKE_CURRENT_BINARY_DIR}/sodium-include")
set(VERSION 1.0.18)
set(SODIUM_LIBRARY_VERSION_MAJOR 10)
set(SODIUM_LIBRARY_VERSION_MINOR 3)
set(SODIUM_LIBRARY_MINIMAL_DEF "")
configure_file("${EHR_SODIUM_SRC}/src/libsodium/include/sodium/version.h.in"
               "${EHR_SODIUM_GEN}/sodium/version.h" @ONLY)
# version.h includes "export.h" from its own folder.
configure_file("${EHR_SODIUM_SRC}/src/libsodium/include/sodium/export.h"
               "${EHR_SODIUM_GEN}/sodium/export.h" COPYONLY)
add_library(ehr_sodium STATIC ${EHR_SODIUM_SOURCES})
# SIMD paths (WebAssembly SIMD128, or x86-64 natively): ChaCha20 (dolbeau SSSE3, four blocks at a
# time), Poly1305 (SSE2), the Argon2 block function (SSSE3) and Salsa20 (SSE2). Checked against the
# Wycheproof vectors and the differential suites.
set(EHR_SODIUM_SIMD_DEFS HAVE_EMMINTRIN_H=1 HAVE_TMMINTRIN_H=1)
macro(ehr_sodium_simd_sources)
  # The SSE2 Poly1305 exists only with 128-bit integers, which it uses for its per-message key
  # powers and final reduction (in WebAssembly compiler-rt emulates them; the bulk loop is SIMD).
  # Only these two files see HAVE_TI_MODE: elsewhere (Curve25519, the portable Poly1305) it would
  # select 64-bit limbs, which are slower than 32-bit ones on wasm32.
  set_source_files_properties(
    "${EHR_SODIUM_SRC}/src/libsodium/crypto_onetimeauth/poly1305/onetimeauth_poly1305.c"
    "${EHR_SODIUM_SRC}/src/libsodium/crypto_onetimeauth/poly1305/sse2/poly1305_sse2.c"
    PROPERTIES COMPILE_DEFINITIONS HAVE_TI_MODE=1)
  # BLAKE2b stays portable: its SSSE3 (and SSE4.1) compression functions are 16 KB of code each,
  # and no hot path here hashes much with it (Argon2's memory filling has its own SIMD function).
  set_source_files_properties(
    "${EHR_SODIUM_SRC}/src/libsodium/crypto_generichash/blake2b/ref/blake2b-ref.c"
    PROPERTIES COMPILE_OPTIONS "-UHAVE_TMMINTRIN_H")
endmacro()
target_include_directories(ehr_sodium SYSTEM PUBLIC
  "${EHR_SODIUM_GEN}" "${EHR_SODIUM_SRC}/src/libsodium/include")
target_include_directories(ehr_sodium PRIVATE
  "${EHR_SODIUM_GEN}/sodium" "${EHR_SODIUM_SRC}/src/libsodium/include/sodium")
target_compile_definitions(ehr_sodium PUBLIC SODIUM_STATIC=1)
target_compile_definitions(ehr_sodium PRIVATE
  CONFIGURED=1 NATIVE_LITTLE_ENDIAN=1 HAVE_WEAK_SYMBOLS=1 HAVE_C11_MEMORY_FENCES=1
  HAVE_ATOMIC_OPS=1 HAVE_INTTYPES_H=1 HAVE_STDINT_H=1 _GNU_SOURCE=1)
if(EMSCRIPTEN)
  # Randomness: libsodium's own CSPRNG (randombytes_internal, ChaCha20), seeded through
  # getentropy(), which Emscripten implements with crypto.getRandomValues. randombytes.c is built
  # without its __EMSCRIPTEN__ branch, which would call into JS once per random byte.
  # (src/crypto/init.cpp selects randombytes_internal_implementation before sodium_init()).
  target_compile_definitions(ehr_sodium PRIVATE HAVE_GETENTROPY=1 HAVE_SYS_RANDOM_H=1)
  set_source_files_properties("${EHR_SODIUM_SRC}/src/libsodium/randombytes/randombytes.c"
    PROPERTIES COMPILE_OPTIONS "-U__EMSCRIPTEN__")
  if(EHR_WASM_SIMD)
    # libsodium's x86 SIMD code through Emscripten's SSE intrinsic headers, which map each intrinsic
    # to WebAssembly SIMD128. sodium_init() picks the paths through cmake/sodium/runtime_wasm.c.
    target_compile_definitions(ehr_sodium PRIVATE ${EHR_SODIUM_SIMD_DEFS})
    target_compile_options(ehr_sodium PRIVATE -msimd128 -msse -msse2 -mssse3
      # A clang 14 miscompile of _mm_set1_epi64x over loaded values: see the header.
      "SHELL:-include ${PROJECT_SOURCE_DIR}/cmake/sodium/wasm_simd_fix.h")
    ehr_sodium_simd_sources()
    # What runs once per call or once at start-up is optimised for size: the hex/base64 codecs,
    # sodium_init() and the portable ChaCha20 that it uses once (see above).
    set_property(SOURCE
      "${EHR_SODIUM_SRC}/src/libsodium/crypto_stream/chacha20/ref/chacha20_ref.c"
      "${EHR_SODIUM_SRC}/src/libsodium/sodium/codecs.c"
      "${EHR_SODIUM_SRC}/src/libsodium/sodium/core.c"
      APPEND PROPERTY COMPILE_OPTIONS "-Oz")
  endif()
else()
  # No HAVE_TI_MODE on purpose: keep the 32-bit field code that WASM runs, so native numbers
  # bound the WASM build of the same code.
  target_compile_definitions(ehr_sodium PRIVATE HAVE_SYS_MMAN_H=1 HAVE_MMAP=1 HAVE_MLOCK=1
    HAVE_MPROTECT=1 HAVE_EXPLICIT_BZERO=1 HAVE_LINUX_COMPATIBLE_GETRANDOM=1 HAVE_SYS_RANDOM_H=1
    HAVE_GETRANDOM=1 HAVE_POSIX_MEMALIGN=1 HAVE_SYSCONF=1)
  if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|amd64")
    # The same SSE2/SSSE3/SSE4.1 paths as the WebAssembly build (each file enables its instruction
    # set with #pragma GCC target; libsodium checks cpuid at sodium_init()), so that the native
    # numbers remain an upper bound for the WASM build of the same code.
    target_compile_definitions(ehr_sodium PRIVATE HAVE_CPUID=1 ${EHR_SODIUM_SIMD_DEFS})
    ehr_sodium_simd_sources()
    # clang ignores the files' #pragma GCC target: enable SSSE3 for the files that need it, as
    # libsodium's own build does (SSE2 is the x86-64 baseline).
    set_source_files_properties(
      "${EHR_SODIUM_SRC}/src/libsodium/crypto_stream/chacha20/dolbeau/chacha20_dolbeau-ssse3.c"
      "${EHR_SODIUM_SRC}/src/libsodium/crypto_pwhash/argon2/argon2-fill-block-ssse3.c"
      "${EHR_SODIUM_SRC}/src/libsodium/crypto_generichash/blake2b/ref/blake2b-compress-ssse3.c"
      PROPERTIES COMPILE_OPTIONS "-mssse3")
  endif()
endif()
target_compile_options(ehr_sodium PRIVATE -w)
if(EHR_SANITIZE)
  # Sanitized builds are Debug (-O0): keep libsodium instrumented but optimized, or the KDF
  # vectors (PBKDF2 with 262144 iterations, scrypt N = 2^18) take minutes under ASan.
  target_compile_options(ehr_sodium PRIVATE -O2)
  # scrypt's blkcpy/blkxor walk a 64-byte union member past its declared bound over a larger
  # buffer (pwhash_scryptsalsa208sha256_nosse.c): valid memory, but UBSan's array-bounds check
  # aborts on it. ASan still checks every access.
  set_source_files_properties(
    "${EHR_SODIUM_SRC}/src/libsodium/crypto_pwhash/scryptsalsa208sha256/nosse/pwhash_scryptsalsa208sha256_nosse.c"
    PROPERTIES COMPILE_OPTIONS "-fno-sanitize=array-bounds")
endif()
set_target_properties(ehr_sodium PROPERTIES C_STANDARD 99 C_EXTENSIONS ON POSITION_INDEPENDENT_CODE ON)
add_library(ehr::sodium ALIAS ehr_sodium)

# ---- nlohmann/json (header-only; a folder holding only nlohmann/, see emsdk-setup.sh) -------------
add_library(ehr_json INTERFACE)
target_include_directories(ehr_json SYSTEM INTERFACE "${EHR_DEPS_DIR}/include")
target_compile_definitions(ehr_json INTERFACE JSON_NOEXCEPTION=1)
add_library(ehr::json ALIAS ehr_json)
