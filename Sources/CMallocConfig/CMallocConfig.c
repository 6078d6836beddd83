#include <stdlib.h>  // defines __GLIBC__ on glibc (through features.h)
#include "CMallocConfig.h"
#if defined(__GLIBC__)
#include <malloc.h>
#endif

int dynamolocal_malloc_trim_threshold(int bytes) {
#if defined(__GLIBC__)
    return mallopt(M_TRIM_THRESHOLD, bytes);
#else
    (void)bytes;
    return -1;
#endif
}
