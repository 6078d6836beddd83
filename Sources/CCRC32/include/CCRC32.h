#ifndef DYNAMOLOCAL_CCRC32_H
#define DYNAMOLOCAL_CCRC32_H

#include <stddef.h>
#include <stdint.h>

/// CRC-32 (IEEE 802.3, reflected) folded 64 bytes at a time with carry-less multiplication
/// (PCLMULQDQ), the method of Intel's "Fast CRC Computation for Generic Polynomials Using
/// PCLMULQDQ Instruction". The constants (CRC32.c) were computed from the polynomial; a wrong one
/// fails CRC32Tests, which compare the fold with the tables.

/// Whether this CPU can run dynamolocal_crc32_fold (x86-64 with PCLMULQDQ and SSE4.1).
int dynamolocal_crc32_fold_available(void);

/// Advances the CRC register `crc` (not inverted: the caller starts with 0xFFFFFFFF and inverts
/// at the end) over the first `length / 16 * 16` bytes of `data`; `length` must be 64 or more.
/// The caller finishes the remaining `length % 16` bytes.
uint32_t dynamolocal_crc32_fold(uint32_t crc, const uint8_t *data, size_t length);

#endif
