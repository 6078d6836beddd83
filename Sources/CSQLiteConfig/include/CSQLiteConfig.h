#ifndef DYNAMOLOCAL_CSQLITECONFIG_H
#define DYNAMOLOCAL_CSQLITECONFIG_H

/// SQLite's process-wide settings that Swift cannot reach: sqlite3_config is variadic, and Swift
/// does not import variadic C functions. docs/ARCHITECTURE.md, "Storage", says why each is set.

/// sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0): no memory statistics, so no global mutex around
/// every sqlite3_malloc and sqlite3_free. Returns SQLite's result code; SQLITE_MISUSE (21) once
/// SQLite has been initialised, when it changes nothing.
int dynamolocal_sqlite3_disable_memstatus(void);

#endif
