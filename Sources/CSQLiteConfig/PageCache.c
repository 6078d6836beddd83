// SQLite's default page cache (pcache1), wrapped so that a COMMIT does not walk all of it.
//
// When balance_nonroot (btree.c) puts a split's new pages in ascending order, it swaps their page
// numbers through a temporary one, the locking page (PENDING_BYTE / page size + 1: 262,145 for
// 4 KB pages). pcache1 raises the largest key it has seen (iMaxKey) to that number and lowers it
// only in xTruncate. Every transaction then ends with xTruncate(database size + 1) (pager.c,
// pager_end_transaction), and since iMaxKey is far above it, pcache1 visits every page in the
// cache to find the ones past the end: none. With a 64 MB cache that walk was 28% of the engine
// thread's cycles under durable PutItem (perf), after any commit whose inserts split a page.
// Checked in SQLite 3.40.1 (Debian's) and 3.54.1: a traced build showed iMaxKey 262,145 at 52 of
// 300 single-insert commits, each from pcache1Rekey under balance_nonroot.
//
// The wrapper forwards every call, and keeps its own bound on the keys in the cache, leaving out
// the temporary number while no page holds it. A truncation with nothing at or above its limit
// is skipped: pcache1 would have dropped nothing. Any other goes through, and resets the bound.

#include <sqlite3.h>
#include "CSQLiteConfig.h"

typedef struct {
    sqlite3_pcache *inner;
    unsigned maxKey;       // no page in the cache has a key above this, but for `temporaryKey`
    unsigned temporaryKey; // balance_nonroot's temporary page number at this page size
    int temporaryLive;     // a page may hold `temporaryKey`
} WrappedCache;

static sqlite3_pcache_methods2 inner;
static sqlite3_pcache_methods2 wrapped;
static int installed;
static sqlite3_int64 skippedTruncations;
static sqlite3_int64 passedTruncations;

static int wrappedInit(void *arg) { (void)arg; return inner.xInit(inner.pArg); }
static void wrappedShutdown(void *arg) { (void)arg; if (inner.xShutdown) inner.xShutdown(inner.pArg); }

static sqlite3_pcache *wrappedCreate(int szPage, int szExtra, int bPurgeable) {
    WrappedCache *cache = sqlite3_malloc(sizeof(WrappedCache));
    if (!cache) return 0;
    cache->inner = inner.xCreate(szPage, szExtra, bPurgeable);
    if (!cache->inner) {
        sqlite3_free(cache);
        return 0;
    }
    cache->maxKey = 0;
    cache->temporaryKey = szPage > 0 ? 0x40000000u / (unsigned)szPage + 1 : 0;
    cache->temporaryLive = 0;
    return (sqlite3_pcache *)cache;
}

static void wrappedCachesize(sqlite3_pcache *p, int n) { inner.xCachesize(((WrappedCache *)p)->inner, n); }
static int wrappedPagecount(sqlite3_pcache *p) { return inner.xPagecount(((WrappedCache *)p)->inner); }

static void note(WrappedCache *cache, unsigned key) {
    if (key == cache->temporaryKey) cache->temporaryLive = 1;
    else if (key > cache->maxKey) cache->maxKey = key;
}

static sqlite3_pcache_page *wrappedFetch(sqlite3_pcache *p, unsigned key, int createFlag) {
    WrappedCache *cache = (WrappedCache *)p;
    if (createFlag) note(cache, key);  // conservative: counted whether or not a page was made
    return inner.xFetch(cache->inner, key, createFlag);
}

static void wrappedUnpin(sqlite3_pcache *p, sqlite3_pcache_page *page, int discard) {
    inner.xUnpin(((WrappedCache *)p)->inner, page, discard);
}

static void wrappedRekey(sqlite3_pcache *p, sqlite3_pcache_page *page, unsigned oldKey, unsigned newKey) {
    WrappedCache *cache = (WrappedCache *)p;
    // Only one page holds a key: moved off the temporary number, nothing holds it any more.
    if (oldKey == cache->temporaryKey) cache->temporaryLive = 0;
    note(cache, newKey);
    inner.xRekey(cache->inner, page, oldKey, newKey);
}

static void wrappedTruncate(sqlite3_pcache *p, unsigned limit) {
    WrappedCache *cache = (WrappedCache *)p;
    int temporaryAtOrAbove = cache->temporaryLive && cache->temporaryKey >= limit;
    if (limit > cache->maxKey && !temporaryAtOrAbove) {
        __atomic_add_fetch(&skippedTruncations, 1, __ATOMIC_RELAXED);
        return;
    }
    __atomic_add_fetch(&passedTruncations, 1, __ATOMIC_RELAXED);
    inner.xTruncate(cache->inner, limit);
    // Every page at or above `limit` is gone.
    if (limit == 0) cache->maxKey = 0;
    else if (cache->maxKey >= limit) cache->maxKey = limit - 1;
    if (cache->temporaryKey >= limit) cache->temporaryLive = 0;
}

static void wrappedDestroy(sqlite3_pcache *p) {
    WrappedCache *cache = (WrappedCache *)p;
    inner.xDestroy(cache->inner);
    sqlite3_free(cache);
}

static void wrappedShrink(sqlite3_pcache *p) {
    if (inner.xShrink) inner.xShrink(((WrappedCache *)p)->inner);
}

int dynamolocal_sqlite3_wrap_page_cache(void) {
    if (installed) return SQLITE_OK;
    int rc = sqlite3_config(SQLITE_CONFIG_GETPCACHE2, &inner);
    if (rc != SQLITE_OK) return rc;
    if (!inner.xCreate || !inner.xFetch || !inner.xTruncate || !inner.xRekey) return SQLITE_ERROR;
    wrapped.iVersion = 1;  // xShrink is optional; pcache1 has it, and it is forwarded when present
    wrapped.pArg = 0;
    wrapped.xInit = wrappedInit;
    wrapped.xShutdown = wrappedShutdown;
    wrapped.xCreate = wrappedCreate;
    wrapped.xCachesize = wrappedCachesize;
    wrapped.xPagecount = wrappedPagecount;
    wrapped.xFetch = wrappedFetch;
    wrapped.xUnpin = wrappedUnpin;
    wrapped.xRekey = wrappedRekey;
    wrapped.xTruncate = wrappedTruncate;
    wrapped.xDestroy = wrappedDestroy;
    wrapped.xShrink = wrappedShrink;
    rc = sqlite3_config(SQLITE_CONFIG_PCACHE2, &wrapped);
    if (rc == SQLITE_OK) installed = 1;
    return rc;
}

void dynamolocal_sqlite3_page_cache_counts(sqlite3_int64 *skipped, sqlite3_int64 *passed) {
    *skipped = __atomic_load_n(&skippedTruncations, __ATOMIC_RELAXED);
    *passed = __atomic_load_n(&passedTruncations, __ATOMIC_RELAXED);
}

const sqlite3_pcache_methods2 *dynamolocal_sqlite3_wrapped_page_cache(void) {
    return installed ? &wrapped : 0;
}
