/*
 * Stand-ins for libsodium's portable Salsa20, Poly1305, Argon2 block filling and scrypt in the
 * WebAssembly SIMD build, which leaves those sources out (cmake/Dependencies.cmake). Portable
 * ChaCha20 stays: sodium_init() uses it once, for its guard-page canary, before it selects.
 *
 * libsodium chooses between a portable and a SIMD implementation of each at sodium_init(), so both
 * are linked. In this build the choice is fixed: cmake/sodium/runtime_wasm.c reports SSE2 and SSSE3
 * present, so the SIMD paths (compiled to WebAssembly SIMD128) are always selected and the portable
 * ones never run after sodium_init(); they were 3.8 KB of the module's gzip size. The names below
 * keep the selection code linking. Should one ever be reached (a call before sodium_init(), which
 * the core never makes: every entry point initialises first), it ends in sodium_misuse(), which
 * aborts.
 */
#include <stddef.h>
#include <stdint.h>

#include "core.h"
#include "crypto_onetimeauth/poly1305/donna/poly1305_donna.h"
#include "crypto_pwhash/argon2/argon2-core.h"
#include "crypto_pwhash/scryptsalsa208sha256/crypto_scrypt.h"
#include "crypto_stream/salsa20/ref/salsa20_ref.h"

static int stream_unused(unsigned char *c, unsigned long long clen, const unsigned char *n,
                         const unsigned char *k)
{
    (void) c; (void) clen; (void) n; (void) k;
    sodium_misuse();
    return -1;
}

static int stream_xor_ic64_unused(unsigned char *c, const unsigned char *m, unsigned long long mlen,
                                  const unsigned char *n, uint64_t ic, const unsigned char *k)
{
    (void) c; (void) m; (void) mlen; (void) n; (void) ic; (void) k;
    sodium_misuse();
    return -1;
}

struct crypto_stream_salsa20_implementation crypto_stream_salsa20_ref_implementation = {
    stream_unused, stream_xor_ic64_unused
};

static int poly1305_unused(unsigned char *out, const unsigned char *in, unsigned long long inlen,
                           const unsigned char *k)
{
    (void) out; (void) in; (void) inlen; (void) k;
    sodium_misuse();
    return -1;
}

static int poly1305_verify_unused(const unsigned char *h, const unsigned char *in,
                                  unsigned long long inlen, const unsigned char *k)
{
    (void) h; (void) in; (void) inlen; (void) k;
    sodium_misuse();
    return -1;
}

static int poly1305_init_unused(crypto_onetimeauth_poly1305_state *state, const unsigned char *key)
{
    (void) state; (void) key;
    sodium_misuse();
    return -1;
}

static int poly1305_update_unused(crypto_onetimeauth_poly1305_state *state, const unsigned char *in,
                                  unsigned long long inlen)
{
    (void) state; (void) in; (void) inlen;
    sodium_misuse();
    return -1;
}

static int poly1305_final_unused(crypto_onetimeauth_poly1305_state *state, unsigned char *out)
{
    (void) state; (void) out;
    sodium_misuse();
    return -1;
}

struct crypto_onetimeauth_poly1305_implementation crypto_onetimeauth_poly1305_donna_implementation = {
    poly1305_unused, poly1305_verify_unused, poly1305_init_unused, poly1305_update_unused,
    poly1305_final_unused
};

void fill_segment_ref(const argon2_instance_t *instance, argon2_position_t position)
{
    (void) instance; (void) position;
    sodium_misuse();
}

int escrypt_kdf_nosse(escrypt_local_t *local, const uint8_t *passwd, size_t passwdlen,
                      const uint8_t *salt, size_t saltlen, uint64_t N, uint32_t r, uint32_t p,
                      uint8_t *buf, size_t buflen)
{
    (void) local; (void) passwd; (void) passwdlen; (void) salt; (void) saltlen;
    (void) N; (void) r; (void) p; (void) buf; (void) buflen;
    sodium_misuse();
    return -1;
}
