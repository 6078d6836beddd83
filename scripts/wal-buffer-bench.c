// The WAL write buffer (Sources/CSQLiteConfig/WALWriteBuffer.c) without the server: one thread
// commits TRANSACTIONS transactions of ROWS random-key inserts each into an on-disk WAL database
// set up as the server sets one up (exclusive locking, synchronous=NORMAL), through the buffering
// VFS or, with "plain", through SQLite's default one, and prints its CPU time and pwrite count.
//
//   cc -O2 -I Sources/CSQLiteConfig/include scripts/wal-buffer-bench.c Sources/CSQLiteConfig/WALWriteBuffer.c -lsqlite3 -o /tmp/wal-buffer-bench
//   /tmp/wal-buffer-bench DIR [TRANSACTIONS [ROWS]] [plain]      (defaults 4000 and 25)
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include "CSQLiteConfig.h"

static double seconds(struct timeval t) { return (double)t.tv_sec + (double)t.tv_usec / 1e6; }

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s DIR [TRANSACTIONS [ROWS]] [plain]\n", argv[0]); return 2; }
    int plain = strcmp(argv[argc - 1], "plain") == 0;
    int numbers = argc - 2 - plain;
    int transactions = numbers >= 1 ? atoi(argv[2]) : 4000;
    int rows = numbers >= 2 ? atoi(argv[3]) : 25;
    char path[4096], wal[4200];
    snprintf(path, sizeof path, "%s/wal-buffer-bench.db", argv[1]);
    snprintf(wal, sizeof wal, "%s-wal", path);
    remove(path);
    remove(wal);
    if (dynamolocal_sqlite3_register_wal_buffer_vfs() != SQLITE_OK) return 1;
    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, plain ? NULL : DYNAMOLOCAL_WAL_BUFFER_VFS)) return 1;
    sqlite3_exec(db, "PRAGMA locking_mode=EXCLUSIVE; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                     "PRAGMA wal_autocheckpoint=10000; PRAGMA cache_size=-65536;"
                     "CREATE TABLE t (h INTEGER, pk BLOB, item BLOB, PRIMARY KEY (h, pk)) WITHOUT ROWID", 0, 0, 0);
    sqlite3_stmt *insert;
    sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?1, ?2, randomblob(150))", -1, &insert, 0);
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    srandom(1);
    for (int transaction = 0; transaction < transactions; transaction++) {
        sqlite3_exec(db, "BEGIN", 0, 0, 0);
        for (int row = 0; row < rows; row++) {
            sqlite3_bind_int64(insert, 1, random());
            sqlite3_bind_int(insert, 2, transaction * rows + row);
            int rc = sqlite3_step(insert);
            sqlite3_reset(insert);
            if (rc != SQLITE_DONE) { fprintf(stderr, "insert: %s\n", sqlite3_errmsg(db)); return 1; }
        }
        if (sqlite3_exec(db, "COMMIT", 0, 0, 0)) { fprintf(stderr, "commit: %s\n", sqlite3_errmsg(db)); return 1; }
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    sqlite3_int64 writes = -1, late = -1;
    dynamolocal_sqlite3_wal_buffer_counts(db, &writes, &late);
    printf("%s: %d transactions of %d rows: %.2f s, user %.2f s, sys %.2f s; WAL buffer writes %lld, late %lld\n",
           plain ? "default VFS" : "WAL write buffer", transactions, rows,
           (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9,
           seconds(usage.ru_utime), seconds(usage.ru_stime), writes, late);
    sqlite3_close(db);
    remove(path);
    remove(wal);
    return 0;
}
