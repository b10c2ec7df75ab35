/*
 * libsecp256k1's precomputed tables, computed at run time instead of shipped as data.
 *
 * The upstream build links two generated files of constants: the k*G table (64 KiB at
 * ECMULT_GEN_PREC_BITS 4) and the G / 2^128*G tables for verification (8 KiB at
 * ECMULT_WINDOW_SIZE 8). They are points with no structure a compressor can use, so in the
 * WebAssembly module they cost almost their full size after gzip: about a sixth of the download.
 * cmake/secp256k1/secp256k1_tables.c builds the library with the tables in zeroed memory instead
 * and fills them, with upstream's own generator code, once before the first context is made.
 */
#ifndef EHR_SECP256K1_TABLES_H
#define EHR_SECP256K1_TABLES_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Fills the tables if that has not happened yet. Must run before any libsecp256k1 call that signs,
 * derives a public key, verifies or recovers (src/crypto/secp256k1.cpp calls it before it creates
 * its context, the only one in the project). Not thread-safe by itself: the caller serialises.
 * Takes about 200 KiB of temporary memory from malloc; if that fails, libsecp256k1's default error
 * callback aborts (as in secp256k1_context_create).
 */
void ehr_secp256k1_compute_tables(void);

/*
 * The filled tables as bytes (for the test that compares them with upstream's generated files):
 * which = 0: the k*G table, 1: the G table, 2: the 2^128*G table. Sets *size to the byte count.
 * Null if which is out of range.
 */
const unsigned char* ehr_secp256k1_table_bytes(int which, size_t* size);

#ifdef __cplusplus
}
#endif

#endif /* EHR_SECP256K1_TABLES_H */
