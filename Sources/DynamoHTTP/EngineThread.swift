import DynamoEngine
import DynamoModel
import NIOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The engine's half of every request, on a thread of its own: the event loop reads, parses and
/// checks a request (`Responder.prepare`) and renders and writes its answer (`Responder.finish`);
/// this thread runs the operation's storage work (`Responder.run`) and commits.
///
/// It takes whatever requests have queued up as one batch, runs them in order, commits each
/// namespace's open group once (group commit: every answer waits for the COMMIT its writes, or
/// what it read, rest on) and hands the answers back with one task per event loop. The two halves
/// run at once on two cores: Query 11.8–12.9k -> 18.9–19.1k requests/s, GetItem 34.2–37.0k ->
/// 43.4–48.5k at 32 connections (`scripts/bench-ab`); docs/ARCHITECTURE.md, "Request path", has the
/// figures and the costs (about 20 µs more per request on an idle connection, 3k instructions).
final class EngineThread: @unchecked Sendable {
    /// A request for the engine, and where its answer goes: `deliver` runs on `loop`. A class:
    /// the queue, the batch and the answers each hold it, and a struct of its seven references
    /// was retained field by field at every copy (callgrind).
    final class Job {
        let call: Responder.EngineCall
        let loop: any EventLoop
        let deliver: NIOLoopBound<(Result<JSON, DynamoError>) -> Void>

        init(call: Responder.EngineCall, loop: any EventLoop, deliver: NIOLoopBound<(Result<JSON, DynamoError>) -> Void>) {
            self.call = call
            self.loop = loop
            self.deliver = deliver
        }
    }

    private let responder: Responder
    // `queue`, `idle`, `signalScheduled` and `stopping` are guarded by `mutex`; `thread` is
    // touched by `init` and `stop` alone.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var queue: [Job] = []
    /// The thread waits on `wake`: a submitter must signal it.
    private var idle = false
    /// A task on an event loop will signal `wake` at the end of the loop's pass.
    private var signalScheduled = false
    private var stopping = false
    private var thread: pthread_t?

    init(responder: Responder) {
        self.responder = responder
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(wake, nil)
        var handle = pthread_t()
        let box = Unmanaged.passRetained(self).toOpaque()
        let created = pthread_create(&handle, nil, { raw in
            let engineThread = Unmanaged<EngineThread>.fromOpaque(raw!).takeRetainedValue()
            engineThread.main()
            return nil
        }, box)
        precondition(created == 0, "could not start the engine thread: error \(created)")
        thread = handle
    }

    deinit {
        pthread_cond_destroy(wake)
        pthread_mutex_destroy(mutex)
        wake.deallocate()
        mutex.deallocate()
    }

    /// Queues `job`; false once `stop` has begun (the server is shutting down). Called on
    /// `job.loop`.
    ///
    /// A sleeping thread is woken at the end of the loop's pass, not at once: the requests the
    /// loop reads in that pass then make one batch, with one wake-up and one COMMIT. Woken for
    /// each request, the thread ran one or two and slept again: 0.34 context switches and 0.74
    /// futex calls per GetItem at 32 connections (`perf stat`). An awake thread takes new jobs
    /// as they come.
    func submit(_ job: Job) -> Bool {
        pthread_mutex_lock(mutex)
        if stopping {
            pthread_mutex_unlock(mutex)
            return false
        }
        queue.append(job)
        let schedule = idle && !signalScheduled
        if schedule { signalScheduled = true }
        pthread_mutex_unlock(mutex)
        if schedule {
            // Tasks run after the loop has handled every event of its pass.
            job.loop.execute { [self] in
                pthread_mutex_lock(mutex)
                signalScheduled = false
                let signal = idle
                idle = false
                pthread_mutex_unlock(mutex)
                if signal { pthread_cond_signal(wake) }
            }
        }
        return true
    }

    /// Runs what is queued, hands its answers to their event loops, and ends the thread.
    func stop() {
        pthread_mutex_lock(mutex)
        stopping = true
        pthread_mutex_unlock(mutex)
        pthread_cond_signal(wake)
        if let thread {
            pthread_join(thread, nil)
            self.thread = nil
        }
    }

    private func main() {
        var batch: [Job] = []
        while true {
            pthread_mutex_lock(mutex)
            while queue.isEmpty && !stopping {
                idle = true
                pthread_cond_wait(wake, mutex)
            }
            idle = false
            if queue.isEmpty {
                pthread_mutex_unlock(mutex)
                return
            }
            swap(&batch, &queue)
            pthread_mutex_unlock(mutex)
            run(batch)
            batch.removeAll(keepingCapacity: true)
        }
    }

    private func run(_ batch: [Job]) {
        var answers: [Result<JSON, DynamoError>] = []
        var pending: [PendingCommit?] = []
        answers.reserveCapacity(batch.count)
        pending.reserveCapacity(batch.count)
        for job in batch {
            let (result, commit) = responder.run(job.call)
            answers.append(result)
            pending.append(commit)
        }
        // The first answer of a group commits it; the others find it committed. A failed COMMIT
        // fails every answer that rested on it (nothing of it was acknowledged).
        for index in batch.indices {
            if let commit = pending[index], let failure = commit.commit() { answers[index] = .failure(failure) }
        }
        // One task per event loop, not per answer: a task from another thread may wake the loop.
        var groups: [(loop: any EventLoop, answers: [Answer])] = []
        for index in batch.indices {
            let answer = Answer(deliver: batch[index].deliver, result: answers[index])
            if let group = groups.firstIndex(where: { $0.loop === batch[index].loop }) {
                groups[group].answers.append(answer)
            } else {
                groups.append((batch[index].loop, [answer]))
            }
        }
        for group in groups {
            let answers = group.answers
            group.loop.execute {
                for answer in answers { answer.deliver.value(answer.result) }
            }
        }
    }

    private struct Answer: Sendable {
        let deliver: NIOLoopBound<(Result<JSON, DynamoError>) -> Void>
        let result: Result<JSON, DynamoError>
    }
}

/// The engine threads of a server, one per event loop. A namespace's requests always go to the
/// same thread (its SQLite connection is used by one thread at a time anyway), so several loops
/// help only when requests go to several namespaces, as before.
final class EngineThreads: Sendable {
    let threads: [EngineThread]

    init(responder: Responder, count: Int) {
        threads = (0..<max(1, count)).map { _ in EngineThread(responder: responder) }
    }

    func submit(_ job: EngineThread.Job) -> Bool {
        let index = threads.count == 1 ? 0 : Int(UInt(bitPattern: ObjectIdentifier(job.call.work.namespace).hashValue) % UInt(threads.count))
        return threads[index].submit(job)
    }

    func stop() {
        for thread in threads { thread.stop() }
    }
}
