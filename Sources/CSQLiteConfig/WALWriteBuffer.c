// A VFS over SQLite's default one that gathers the writes of a transaction's WAL frames into one
// pwrite. SQLite writes each frame as two pwrites (its 24-byte header, then the page): 4.4 pwrite
// calls per PutItem on disk at 32 connections (perf stat, syscalls:sys_enter_pwrite64), and 40% of
// the engine thread's time in the kernel; with the buffer 0.56 calls, and 3 µs less of the kernel
// per PutItem. docs/ARCHITECTURE.md, "Storage", has the figures and scripts/wal-buffer-bench.c
// measures it without the server.
//
// Durability is unchanged: the buffer is written out within the very write that completes a
// commit frame (the frame whose header carries the database size), so the transaction is in the
// file (the kernel's page cache) before SQLite records it as committed, exactly when its last
// frame would have been; an error there fails the commit as a failed pwrite would. Anything else
// that touches the WAL file (a read, a sync, a size, a truncation, a close, a lock, a file
// control, a write elsewhere) writes the buffer out first, and so does the commit's second phase
// on the main database file (SQLITE_FCNTL_COMMIT_PHASETWO), a second guard that finds it empty.
// Files other than WALs are passed straight through.
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include "CSQLiteConfig.h"

enum {
    frameHeaderSize = 24,      // the WAL format's frame header
    walHeaderSize = 32,        // the WAL format's file header
    bufferLimit = 1 << 20,     // larger transactions are written in 1 MB pieces
    // The unix VFS writes at most 128 KB - 1 in one call (it masks the length to 17 bits).
    writeLimit = 0x1ffff & ~4095,
};

typedef struct BufferedFile BufferedFile;
struct BufferedFile {
    sqlite3_file base;
    sqlite3_file *real;        // the default VFS's file, in the memory right after this struct
    int isWAL;
    BufferedFile *wal;         // a main database file: its open WAL, if any
    BufferedFile *mainFile;    // a WAL: its main database file
    int commitFrame;           // the last write was a commit frame's header
    unsigned char *buffer;
    int length;
    int capacity;
    sqlite3_int64 offset;      // the file offset of buffer[0]
    sqlite3_int64 writes;      // pwrites of the buffer (tests)
    sqlite3_int64 lateWrites;  // buffers written out by the commit's second phase (tests: none)
};

static sqlite3_vfs *baseVFS;
static sqlite3_vfs bufferedVFS;
static const sqlite3_io_methods bufferedMethods;

static int flush(BufferedFile *file) {
    int rc = SQLITE_OK;
    for (int done = 0; done < file->length && rc == SQLITE_OK; done += writeLimit) {
        int amount = file->length - done < writeLimit ? file->length - done : writeLimit;
        rc = file->real->pMethods->xWrite(file->real, file->buffer + done, amount, file->offset + done);
        file->writes += 1;
    }
    // Dropped even on failure: SQLite then fails the transaction and writes its frames again.
    file->length = 0;
    return rc;
}

// The io methods: WAL data goes through the buffer, everything else is forwarded as it is.
#define REAL(f) (((BufferedFile *)(f))->real)
#define FLUSHED(f) do { int flushRC = flush((BufferedFile *)(f)); if (flushRC != SQLITE_OK) return flushRC; } while (0)

static int bufferedClose(sqlite3_file *f) {
    BufferedFile *file = (BufferedFile *)f;
    int rc = flush(file);
    if (file->mainFile) file->mainFile->wal = NULL;
    if (file->wal) file->wal->mainFile = NULL;
    int closeRC = file->real->pMethods->xClose(file->real);
    free(file->buffer);
    file->buffer = NULL;
    return rc != SQLITE_OK ? rc : closeRC;
}

static int bufferedRead(sqlite3_file *f, void *data, int amount, sqlite3_int64 offset) {
    FLUSHED(f);
    return REAL(f)->pMethods->xRead(REAL(f), data, amount, offset);
}

static int bufferedWrite(sqlite3_file *f, const void *data, int amount, sqlite3_int64 offset) {
    BufferedFile *file = (BufferedFile *)f;
    if (!file->isWAL) return file->real->pMethods->xWrite(file->real, data, amount, offset);
    if (file->length > 0 && (offset != file->offset + file->length || file->length + amount > bufferLimit)) FLUSHED(f);
    int direct = amount > writeLimit;  // never for SQLite's frames (pages are at most 64 KB)
    if (!direct && file->length + amount > file->capacity) {
        int capacity = file->capacity ? file->capacity : 64 * 1024;
        while (capacity < file->length + amount) capacity *= 2;
        unsigned char *grown = realloc(file->buffer, (size_t)capacity);
        if (grown) {
            file->buffer = grown;
            file->capacity = capacity;
        } else {
            direct = 1;
        }
    }
    if (direct) {
        // Written at once, after what is buffered, as an unbuffered VFS would.
        FLUSHED(f);
        file->commitFrame = 0;
        return file->real->pMethods->xWrite(file->real, data, amount, offset);
    }
    if (file->length == 0) file->offset = offset;
    memcpy(file->buffer + file->length, data, (size_t)amount);
    file->length += amount;
    if (file->commitFrame) {
        // The page of a commit frame: the transaction's last write.
        file->commitFrame = 0;
        return flush(file);
    }
    if (amount == frameHeaderSize && offset >= walHeaderSize) {
        // Bytes 4-7 of a frame header: the database's size in pages for a commit frame, else 0.
        const unsigned char *header = data;
        file->commitFrame = (header[4] | header[5] | header[6] | header[7]) != 0;
    }
    return SQLITE_OK;
}

static int bufferedTruncate(sqlite3_file *f, sqlite3_int64 size) {
    FLUSHED(f);
    return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int bufferedSync(sqlite3_file *f, int flags) {
    FLUSHED(f);
    return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int bufferedFileSize(sqlite3_file *f, sqlite3_int64 *size) {
    FLUSHED(f);
    return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int bufferedLock(sqlite3_file *f, int level) {
    FLUSHED(f);
    return REAL(f)->pMethods->xLock(REAL(f), level);
}

static int bufferedUnlock(sqlite3_file *f, int level) {
    FLUSHED(f);
    return REAL(f)->pMethods->xUnlock(REAL(f), level);
}

static int bufferedCheckReservedLock(sqlite3_file *f, int *out) {
    return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int bufferedFileControl(sqlite3_file *f, int op, void *arg) {
    BufferedFile *file = (BufferedFile *)f;
    FLUSHED(f);
    if (op == SQLITE_FCNTL_COMMIT_PHASETWO && file->wal && file->wal->length > 0) {
        file->wal->lateWrites += 1;
        FLUSHED(file->wal);
    }
    return file->real->pMethods->xFileControl(file->real, op, arg);
}

static int bufferedSectorSize(sqlite3_file *f) {
    return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int bufferedDeviceCharacteristics(sqlite3_file *f) {
    return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int bufferedShmMap(sqlite3_file *f, int page, int size, int extend, void volatile **out) {
    if (REAL(f)->pMethods->iVersion < 2) return SQLITE_IOERR_SHMMAP;
    return REAL(f)->pMethods->xShmMap(REAL(f), page, size, extend, out);
}

static int bufferedShmLock(sqlite3_file *f, int offset, int n, int flags) {
    if (REAL(f)->pMethods->iVersion < 2) return SQLITE_IOERR_SHMLOCK;
    return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}

static void bufferedShmBarrier(sqlite3_file *f) {
    if (REAL(f)->pMethods->iVersion >= 2) REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int bufferedShmUnmap(sqlite3_file *f, int deleteFlag) {
    if (REAL(f)->pMethods->iVersion < 2) return SQLITE_OK;
    return REAL(f)->pMethods->xShmUnmap(REAL(f), deleteFlag);
}

static int bufferedFetch(sqlite3_file *f, sqlite3_int64 offset, int amount, void **out) {
    *out = NULL;
    FLUSHED(f);
    if (REAL(f)->pMethods->iVersion < 3) return SQLITE_OK;
    return REAL(f)->pMethods->xFetch(REAL(f), offset, amount, out);
}

static int bufferedUnfetch(sqlite3_file *f, sqlite3_int64 offset, void *page) {
    if (REAL(f)->pMethods->iVersion < 3) return SQLITE_OK;
    return REAL(f)->pMethods->xUnfetch(REAL(f), offset, page);
}

static const sqlite3_io_methods bufferedMethods = {
    3, bufferedClose, bufferedRead, bufferedWrite, bufferedTruncate, bufferedSync, bufferedFileSize,
    bufferedLock, bufferedUnlock, bufferedCheckReservedLock, bufferedFileControl, bufferedSectorSize,
    bufferedDeviceCharacteristics, bufferedShmMap, bufferedShmLock, bufferedShmBarrier, bufferedShmUnmap,
    bufferedFetch, bufferedUnfetch,
};

// The VFS: files opened through the default one, wrapped.
static int bufferedOpen(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags, int *outFlags) {
    (void)vfs;
    BufferedFile *file = (BufferedFile *)f;
    memset(file, 0, sizeof *file);
    file->real = (sqlite3_file *)&file[1];
    int rc = baseVFS->xOpen(baseVFS, name, file->real, flags, outFlags);
    // SQLite calls xClose whenever pMethods is set, even after a failed xOpen.
    file->base.pMethods = file->real->pMethods ? &bufferedMethods : NULL;
    if (rc == SQLITE_OK && (flags & SQLITE_OPEN_WAL) && name) {
        file->isWAL = 1;
        sqlite3_file *mainFile = sqlite3_database_file_object(name);
        if (mainFile && mainFile->pMethods == &bufferedMethods) {
            file->mainFile = (BufferedFile *)mainFile;
            file->mainFile->wal = file;
        }
    }
    return rc;
}

static int bufferedDelete(sqlite3_vfs *vfs, const char *name, int syncDir) {
    (void)vfs;
    return baseVFS->xDelete(baseVFS, name, syncDir);
}

static int bufferedAccess(sqlite3_vfs *vfs, const char *name, int flags, int *out) {
    (void)vfs;
    return baseVFS->xAccess(baseVFS, name, flags, out);
}

static int bufferedFullPathname(sqlite3_vfs *vfs, const char *name, int size, char *out) {
    (void)vfs;
    return baseVFS->xFullPathname(baseVFS, name, size, out);
}

static void *bufferedDlOpen(sqlite3_vfs *vfs, const char *name) {
    (void)vfs;
    return baseVFS->xDlOpen(baseVFS, name);
}

static void bufferedDlError(sqlite3_vfs *vfs, int size, char *out) {
    (void)vfs;
    baseVFS->xDlError(baseVFS, size, out);
}

static void (*bufferedDlSym(sqlite3_vfs *vfs, void *handle, const char *symbol))(void) {
    (void)vfs;
    return baseVFS->xDlSym(baseVFS, handle, symbol);
}

static void bufferedDlClose(sqlite3_vfs *vfs, void *handle) {
    (void)vfs;
    baseVFS->xDlClose(baseVFS, handle);
}

static int bufferedRandomness(sqlite3_vfs *vfs, int size, char *out) {
    (void)vfs;
    return baseVFS->xRandomness(baseVFS, size, out);
}

static int bufferedSleep(sqlite3_vfs *vfs, int microseconds) {
    (void)vfs;
    return baseVFS->xSleep(baseVFS, microseconds);
}

static int bufferedCurrentTime(sqlite3_vfs *vfs, double *out) {
    (void)vfs;
    return baseVFS->xCurrentTime(baseVFS, out);
}

static int bufferedGetLastError(sqlite3_vfs *vfs, int size, char *out) {
    (void)vfs;
    return baseVFS->xGetLastError ? baseVFS->xGetLastError(baseVFS, size, out) : 0;
}

static int bufferedCurrentTimeInt64(sqlite3_vfs *vfs, sqlite3_int64 *out) {
    (void)vfs;
    if (baseVFS->iVersion >= 2 && baseVFS->xCurrentTimeInt64) return baseVFS->xCurrentTimeInt64(baseVFS, out);
    double days;
    int rc = baseVFS->xCurrentTime(baseVFS, &days);
    *out = (sqlite3_int64)(days * 86400000.0);
    return rc;
}

int dynamolocal_sqlite3_register_wal_buffer_vfs(void) {
    if (baseVFS) return SQLITE_OK;
    sqlite3_vfs *base = sqlite3_vfs_find(NULL);
    if (!base) return SQLITE_ERROR;
    bufferedVFS = (sqlite3_vfs){
        .iVersion = 2,
        .szOsFile = (int)sizeof(BufferedFile) + base->szOsFile,
        .mxPathname = base->mxPathname,
        .zName = DYNAMOLOCAL_WAL_BUFFER_VFS,
        .xOpen = bufferedOpen,
        .xDelete = bufferedDelete,
        .xAccess = bufferedAccess,
        .xFullPathname = bufferedFullPathname,
        .xDlOpen = bufferedDlOpen,
        .xDlError = bufferedDlError,
        .xDlSym = bufferedDlSym,
        .xDlClose = bufferedDlClose,
        .xRandomness = bufferedRandomness,
        .xSleep = bufferedSleep,
        .xCurrentTime = bufferedCurrentTime,
        .xGetLastError = bufferedGetLastError,
        .xCurrentTimeInt64 = bufferedCurrentTimeInt64,
    };
    baseVFS = base;
    return sqlite3_vfs_register(&bufferedVFS, 0);
}

int dynamolocal_sqlite3_wal_buffer_counts(sqlite3 *db, sqlite3_int64 *writes, sqlite3_int64 *lateWrites) {
    sqlite3_file *mainFile = NULL;
    if (sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &mainFile) != SQLITE_OK || !mainFile) return -1;
    if (mainFile->pMethods != &bufferedMethods) return -1;
    BufferedFile *wal = ((BufferedFile *)mainFile)->wal;
    *writes = wal ? wal->writes : 0;
    *lateWrites = wal ? wal->lateWrites : 0;
    return 0;
}
