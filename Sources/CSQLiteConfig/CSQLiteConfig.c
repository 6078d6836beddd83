#include <sqlite3.h>
#include "CSQLiteConfig.h"

int dynamolocal_sqlite3_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int dynamolocal_sqlite3_set_memdb_max_size(sqlite3_int64 bytes) {
    return sqlite3_config(SQLITE_CONFIG_MEMDB_MAXSIZE, bytes);
}
