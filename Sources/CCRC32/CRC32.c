#include "CCRC32.h"

#if defined(__x86_64__)
#include <immintrin.h>

int dynamolocal_crc32_fold_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
}

// Folding constants for the reflected polynomial 0x104C11DB7, each (x^n mod P) bit-reflected
// and shifted left by one: n = 4*128+32 and 4*128-32 (four blocks at once), 128+32 and 128-32
// (one block), 64 (to 32 bits); then P' and u' = floor(x^64 / P), reflected, for Barrett's reduction.
#define K1 0x154442bd4ULL
#define K2 0x1c6e41596ULL
#define K3 0x1751997d0ULL
#define K4 0x0ccaa009eULL
#define K5 0x163cd6124ULL
#define POLY 0x1db710641ULL
#define MU 0x1f7011641ULL

__attribute__((target("pclmul,sse4.1")))
static inline __m128i fold(__m128i x, __m128i k, __m128i next) {
    // The block's high-degree half (low lane) and low-degree half (high lane), each moved forward.
    __m128i low = _mm_clmulepi64_si128(x, k, 0x00);
    __m128i high = _mm_clmulepi64_si128(x, k, 0x11);
    return _mm_xor_si128(_mm_xor_si128(low, high), next);
}

__attribute__((target("pclmul,sse4.1")))
uint32_t dynamolocal_crc32_fold(uint32_t crc, const uint8_t *data, size_t length) {
    __m128i x1 = _mm_loadu_si128((const __m128i *)data);
    __m128i x2 = _mm_loadu_si128((const __m128i *)(data + 16));
    __m128i x3 = _mm_loadu_si128((const __m128i *)(data + 32));
    __m128i x4 = _mm_loadu_si128((const __m128i *)(data + 48));
    x1 = _mm_xor_si128(x1, _mm_cvtsi32_si128((int)crc));
    data += 64;
    length -= 64;

    __m128i k = _mm_set_epi64x((long long)K2, (long long)K1);
    while (length >= 64) {
        x1 = fold(x1, k, _mm_loadu_si128((const __m128i *)data));
        x2 = fold(x2, k, _mm_loadu_si128((const __m128i *)(data + 16)));
        x3 = fold(x3, k, _mm_loadu_si128((const __m128i *)(data + 32)));
        x4 = fold(x4, k, _mm_loadu_si128((const __m128i *)(data + 48)));
        data += 64;
        length -= 64;
    }

    // Four blocks into one, then the remaining whole blocks.
    k = _mm_set_epi64x((long long)K4, (long long)K3);
    x1 = fold(x1, k, x2);
    x1 = fold(x1, k, x3);
    x1 = fold(x1, k, x4);
    while (length >= 16) {
        x1 = fold(x1, k, _mm_loadu_si128((const __m128i *)data));
        data += 16;
        length -= 16;
    }

    // 128 bits to 64 (appending 32 zero bits), then to 32.
    __m128i t = _mm_clmulepi64_si128(x1, k, 0x10);
    x1 = _mm_xor_si128(_mm_srli_si128(x1, 8), t);
    __m128i mask32 = _mm_set_epi32(0, 0, 0, -1);
    t = _mm_and_si128(x1, mask32);
    x1 = _mm_srli_si128(x1, 4);
    t = _mm_clmulepi64_si128(t, _mm_set_epi64x(0, (long long)K5), 0x00);
    x1 = _mm_xor_si128(x1, t);

    // Barrett's reduction to the 32-bit remainder.
    __m128i pu = _mm_set_epi64x((long long)MU, (long long)POLY);
    t = _mm_and_si128(x1, mask32);
    t = _mm_clmulepi64_si128(t, pu, 0x10);
    t = _mm_and_si128(t, mask32);
    t = _mm_clmulepi64_si128(t, pu, 0x00);
    x1 = _mm_xor_si128(x1, t);
    return (uint32_t)_mm_extract_epi32(x1, 1);
}

#else

int dynamolocal_crc32_fold_available(void) { return 0; }

uint32_t dynamolocal_crc32_fold(uint32_t crc, const uint8_t *data, size_t length) {
    (void)data; (void)length;
    return crc;  // never called: not available
}

#endif
