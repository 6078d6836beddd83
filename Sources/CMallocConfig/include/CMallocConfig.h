#ifndef DYNAMOLOCAL_CMALLOCCONFIG_H
#define DYNAMOLOCAL_CMALLOCCONFIG_H

/// glibc's mallopt(M_TRIM_THRESHOLD, bytes), which Swift's Glibc module does not export.
/// docs/ARCHITECTURE.md, "Request path", says why it is set. Returns mallopt's result (1 on
/// success, 0 on failure); -1 without glibc, where there is nothing to set.
int dynamolocal_malloc_trim_threshold(int bytes);

#endif
