/*
 * libsecp256k1 (secp256k1.c, one translation unit) with its precomputed tables computed at run
 * time: see secp256k1_tables.h. Replaces src/secp256k1.c, src/precomputed_ecmult.c and
 * src/precomputed_ecmult_gen.c of the upstream build; upstream's sources are used unchanged.
 *
 * The upstream code names the tables through headers that declare them `extern const` arrays.
 * Here each name is defined as a macro for `(*view)`, where view points to a zeroed array of the
 * same shape in this file, so the library's accesses (table[i][j], &table[i]) read the arrays
 * filled by ehr_secp256k1_compute_tables() with the functions upstream's generators use
 * (precompute_ecmult.c, precompute_ecmult_gen.c), giving the same bytes.
 */
#define secp256k1_ecmult_gen_prec_table (*ehr_secp256k1_gen_table_view)
#define secp256k1_pre_g (*ehr_secp256k1_pre_g_view)
#define secp256k1_pre_g_128 (*ehr_secp256k1_pre_g_128_view)

#include "secp256k1.c"

#include "ecmult_compute_table_impl.h"
#include "ecmult_gen_compute_table_impl.h"
#include "secp256k1_tables.h"

#undef secp256k1_ecmult_gen_prec_table
#undef secp256k1_pre_g
#undef secp256k1_pre_g_128

#define EHR_GEN_N ECMULT_GEN_PREC_N(ECMULT_GEN_PREC_BITS)
#define EHR_GEN_G ECMULT_GEN_PREC_G(ECMULT_GEN_PREC_BITS)
#define EHR_PRE_G_SIZE ECMULT_TABLE_SIZE(WINDOW_G)

static secp256k1_ge_storage ehr_gen_table[EHR_GEN_N][EHR_GEN_G];
static secp256k1_ge_storage ehr_pre_g[EHR_PRE_G_SIZE];
static secp256k1_ge_storage ehr_pre_g_128[EHR_PRE_G_SIZE];
static int ehr_tables_ready = 0;

const secp256k1_ge_storage (*ehr_secp256k1_gen_table_view)[EHR_GEN_N][EHR_GEN_G] = &ehr_gen_table;
const secp256k1_ge_storage (*ehr_secp256k1_pre_g_view)[EHR_PRE_G_SIZE] = &ehr_pre_g;
const secp256k1_ge_storage (*ehr_secp256k1_pre_g_128_view)[EHR_PRE_G_SIZE] = &ehr_pre_g_128;

void ehr_secp256k1_compute_tables(void) {
    if (ehr_tables_ready) return;
    /* The generators take about 200 KiB of temporary points from malloc (checked_malloc: a failed
     * allocation ends in the default error callback, as in secp256k1_context_create). */
    secp256k1_ecmult_gen_compute_table(&ehr_gen_table[0][0], &secp256k1_ge_const_g, ECMULT_GEN_PREC_BITS);
    secp256k1_ecmult_compute_two_tables(ehr_pre_g, ehr_pre_g_128, WINDOW_G, &secp256k1_ge_const_g);
    ehr_tables_ready = 1;
}

const unsigned char* ehr_secp256k1_table_bytes(int which, size_t* size) {
    switch (which) {
        case 0: *size = sizeof ehr_gen_table; return (const unsigned char*)ehr_gen_table;
        case 1: *size = sizeof ehr_pre_g; return (const unsigned char*)ehr_pre_g;
        case 2: *size = sizeof ehr_pre_g_128; return (const unsigned char*)ehr_pre_g_128;
        default: *size = 0; return NULL;
    }
}
