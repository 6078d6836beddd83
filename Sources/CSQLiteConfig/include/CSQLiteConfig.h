#ifndef DYNAMOLOCAL_CSQLITECONFIG_H
#define DYNAMOLOCAL_CSQLITECONFIG_H

/// SQLite's process-wide settings that Swift cannot reach: sqlite3_config is variadic, and Swift
/// does not import variadic C functions. docs/ARCHITECTURE.md, "Storage", says why each is set.

/// sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0): no memory statistics, so no global mutex around
/// every sqlite3_malloc and sqlite3_free. Returns SQLite's result code; SQLITE_MISUSE (21) once
/// SQLite has been initialised, when it changes nothing.
int dynamolocal_sqlite3_disable_memstatus(void);

#include <sqlite3.h>

/// sqlite3_config(SQLITE_CONFIG_MEMDB_MAXSIZE, bytes): the largest a memdb database (and its
/// journal) may grow, 1 GB by default. Must run before SQLite initialises.
int dynamolocal_sqlite3_set_memdb_max_size(sqlite3_int64 bytes);

/// Wraps SQLite's default page cache so that a transaction's end does not walk the whole cache
/// after a B-tree split (PageCache.c says why it did). Must run before SQLite initialises (before
/// the first connection opens and before `dynamolocal_sqlite3_register_wal_buffer_vfs`). Returns
/// SQLite's result code; calling it again changes nothing.
int dynamolocal_sqlite3_wrap_page_cache(void);

/// For tests: how many page-cache truncations the wrapper skipped (nothing at or above the limit)
/// and how many it passed on, process-wide.
void dynamolocal_sqlite3_page_cache_counts(sqlite3_int64 *skipped, sqlite3_int64 *passed);

/// For tests: the wrapper's methods (they work once SQLite has initialised), or NULL if it is not
/// installed.
const sqlite3_pcache_methods2 *dynamolocal_sqlite3_wrapped_page_cache(void);

/// The name of the VFS that `dynamolocal_sqlite3_register_wal_buffer_vfs` registers.
#define DYNAMOLOCAL_WAL_BUFFER_VFS "dynamolocal-wal-buffer"

/// Registers a VFS over SQLite's default one (not as the default) that writes a transaction's
/// WAL frames with one pwrite instead of two per frame (WALWriteBuffer.c says how durability is
/// kept). Returns SQLite's result code; calling it again changes nothing.
int dynamolocal_sqlite3_register_wal_buffer_vfs(void);

/// For tests: how many pwrites have written the WAL of `db` (opened through that VFS) so far, and
/// how many of its commits were still buffered when the commit's second phase came (0 unless the
/// commit frame went unrecognised). Returns 0, or -1 when `db` was not opened through the VFS.
int dynamolocal_sqlite3_wal_buffer_counts(sqlite3 *db, sqlite3_int64 *writes, sqlite3_int64 *lateWrites);

#endif
