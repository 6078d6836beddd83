#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes the WAL files of on-disk namespaces through to the device in the background.
///
/// With synchronous=NORMAL a commit only reaches the page cache, and a checkpoint begins with an
/// fdatasync of the whole WAL: 40 MB at wal_autocheckpoint=10000, 66 ms measured with strace
/// under PutItem load, during which the namespace's lock is held and both event loops stand still
/// (durable PutItem 14.2k/s; 19.6k/s with the fsyncs off). This thread fdatasyncs each WAL a few
/// milliseconds after a commit, outside any lock, so the checkpoint finds little left to write.
/// It changes no guarantee: an extra fsync only makes data durable sooner (docs/ARCHITECTURE.md,
/// "Storage").
final class WALFlusher: @unchecked Sendable {
    // @unchecked: `pending` and `stopping` are only touched under `mutex`.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var pending: Set<String> = []
    private var stopping = false
    private var thread: pthread_t?
    /// How long a commit may wait: the flushes of the commits in one interval are one fdatasync.
    let interval: Duration
    private var flushes = 0

    init(interval: Duration = .milliseconds(10)) {
        self.interval = interval
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        #if os(Linux)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)  // the waits below are timed on it
        #endif
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
        let context = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { context in
            let flusher = Unmanaged<WALFlusher>.fromOpaque(context!).takeRetainedValue()
            flusher.run()
            return nil
        }, context)
        if started == 0 {
            self.thread = thread
        } else {
            // No thread, no harm: checkpoints then fsync all of the WAL themselves, as before.
            Unmanaged<WALFlusher>.fromOpaque(context).release()
        }
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Notes that a transaction was committed to the WAL at `path`. Cheap: called per COMMIT.
    func committed(_ path: String) {
        pthread_mutex_lock(mutex)
        if pending.insert(path).inserted && pending.count == 1 { pthread_cond_signal(condition) }
        pthread_mutex_unlock(mutex)
    }

    /// Flushes what is pending and ends the thread; waits for it.
    func stop() {
        pthread_mutex_lock(mutex)
        stopping = true
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
        if let thread { pthread_join(thread, nil) }
        thread = nil
    }

    private func run() {
        pthread_mutex_lock(mutex)
        while true {
            while pending.isEmpty && !stopping { pthread_cond_wait(condition, mutex) }
            if pending.isEmpty { break }
            // Let the commits of the next few milliseconds join this flush; `stop` cuts it short.
            var deadline = Self.now(plus: interval)
            while !stopping && pthread_cond_timedwait(condition, mutex, &deadline) != ETIMEDOUT {}
            let paths = pending
            pending.removeAll(keepingCapacity: true)
            pthread_mutex_unlock(mutex)
            let done = paths.reduce(0) { $0 + (Self.flush($1) ? 1 : 0) }
            pthread_mutex_lock(mutex)
            flushes += done
        }
        pthread_mutex_unlock(mutex)
    }

    /// fdatasync through a descriptor of our own: it writes the file's dirty pages, whichever
    /// descriptor wrote them. A WAL removed meanwhile (its namespace closed) is simply skipped.
    private static func flush(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        #if os(Linux)
        return fdatasync(fd) == 0
        #else
        return fsync(fd) == 0
        #endif
    }

    /// The time `duration` from now, on the condition's clock.
    private static func now(plus duration: Duration) -> timespec {
        var time = timespec()
        #if os(Linux)
        clock_gettime(CLOCK_MONOTONIC, &time)
        #else
        clock_gettime(CLOCK_REALTIME, &time)
        #endif
        let (seconds, attoseconds) = duration.components
        let nanoseconds = time.tv_nsec + Int(attoseconds / 1_000_000_000)
        time.tv_sec += Int(seconds) + nanoseconds / 1_000_000_000
        time.tv_nsec = nanoseconds % 1_000_000_000
        return time
    }

    /// The number of WAL files flushed so far (for tests).
    var flushCount: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return flushes
    }
}
