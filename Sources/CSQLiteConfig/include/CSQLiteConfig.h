#ifndef DYNAMOLOCAL_CSQLITECONFIG_H
#define DYNAMOLOCAL_CSQLITECONFIG_H

/// SQLite's process-wide settings that Swift cannot reach: sqlite3_config is variadic, and Swift
/// does not import variadic C functions. docs/ARCHITECTURE.md, "Storage", says why each is set.

/// sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0): no memory statistics, so no global mutex around
/// every sqlite3_malloc and sqlite3_free. Returns SQLite's result code; SQLITE_MISUSE (21) once
/// SQLite has been initialised, when it changes nothing.
int dynamolocal_sqlite3_disable_memstatus(void);

#include <sqlite3.h>

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
