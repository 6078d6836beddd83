import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import XCTest
@testable import DynamoEngine
@testable import DynamoHTTP
@testable import DynamoModel
@testable import DynamoStorage

/// The engine thread without sockets: jobs submitted from an event loop, answers back on it.
final class EngineThreadTests: XCTestCase {
    let auth = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00"

    func call(_ responder: Responder, _ operation: String, _ body: String) throws -> Responder.EngineCall {
        let headers = [("Content-Type", "application/x-amz-json-1.0"), ("X-Amz-Date", "20260101T000000Z"),
                       ("X-Amz-Target", "DynamoDB_20120810.\(operation)"), ("Authorization", auth)]
        guard case .engine(let call) = responder.prepare(HTTPRequest(method: "POST", uri: "/", headers: headers, body: Array(body.utf8))) else {
            throw XCTSkip("not an engine call")
        }
        return call
    }

    /// Submits `calls` from the loop, all at once; returns the answers in the order they came,
    /// each with whether its namespace's group was committed when it arrived.
    func run(_ calls: [Responder.EngineCall], on thread: EngineThread, loop: any EventLoop, namespace: Namespace) throws
        -> [(index: Int, result: Result<JSON, DynamoError>, committed: Bool)] {
        let answers = NIOLockedValueBox<[(Int, Result<JSON, DynamoError>, Bool)]>([])
        let done = loop.makePromise(of: Void.self)
        try loop.submit {
            for (index, call) in calls.enumerated() {
                let deliver = NIOLoopBound({ (result: Result<JSON, DynamoError>) in
                    loop.preconditionInEventLoop()
                    let count = answers.withLockedValue { answers in
                        answers.append((index, result, namespace.openGroup == nil))
                        return answers.count
                    }
                    if count == calls.count { done.succeed() }
                }, eventLoop: loop)
                XCTAssertTrue(thread.submit(EngineThread.Job(call: call, loop: loop, deliver: deliver)))
            }
        }.wait()
        try done.futureResult.wait()
        return answers.withLockedValue { $0 }
    }

    func testAnswersComeBackOnTheLoopInOrderAfterTheirCommit() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let storage = StorageEngine(location: .memory)
        let responder = Responder(engine: Engine(storage: storage), options: .init())
        let thread = EngineThread(responder: responder)
        defer { thread.stop() }
        let loop = group.next()
        let create = try call(responder, "CreateTable", #"{"TableName": "tab", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "#
            + #""AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"}"#)
        let namespace = create.work.namespace
        XCTAssertNoThrow(try run([create], on: thread, loop: loop, namespace: namespace).first?.result.get())

        // Writes, a failing conditional write and reads, submitted together: every answer comes in
        // request order, after the COMMIT of what it wrote or read.
        var calls: [Responder.EngineCall] = []
        for n in 0..<50 {
            calls.append(try call(responder, "PutItem", #"{"TableName": "tab", "Item": {"pk": {"S": "k\#(n)"}, "n": {"N": "\#(n)"}}}"#))
            calls.append(try call(responder, "GetItem", #"{"TableName": "tab", "Key": {"pk": {"S": "k\#(n)"}}}"#))
        }
        calls.append(try call(responder, "PutItem", #"{"TableName": "tab", "Item": {"pk": {"S": "k0"}}, "ConditionExpression": "attribute_not_exists(pk)"}"#))
        let answers = try run(calls, on: thread, loop: loop, namespace: namespace)
        XCTAssertEqual(answers.map(\.index), Array(0..<calls.count))
        XCTAssertTrue(answers.allSatisfy(\.committed))
        for n in 0..<50 {
            let read = try answers[2 * n + 1].result.get()
            XCTAssertEqual(read["Item"]?["n"]?["N"], .string(String(n)), "GetItem after PutItem \(n)")
        }
        guard case .failure(let error) = answers.last!.result else { return XCTFail("the conditional put should fail") }
        XCTAssertEqual(error.kind, .conditionalCheckFailed)
    }

    func testStopRunsWhatIsQueuedAndRefusesMore() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let storage = StorageEngine(location: .memory)
        let responder = Responder(engine: Engine(storage: storage), options: .init())
        let thread = EngineThread(responder: responder)
        let loop = group.next()
        let list = try call(responder, "ListTables", "{}")
        let answered = NIOLockedValueBox(0)
        try loop.submit {
            for _ in 0..<100 {
                let deliver = NIOLoopBound({ (_: Result<JSON, DynamoError>) in answered.withLockedValue { $0 += 1 } }, eventLoop: loop)
                XCTAssertTrue(thread.submit(EngineThread.Job(call: list, loop: loop, deliver: deliver)))
            }
        }.wait()
        thread.stop()
        // The answers were handed to the loop before stop returned; a task after them sees them all.
        try loop.submit {}.wait()
        XCTAssertEqual(answered.withLockedValue { $0 }, 100)
        try loop.submit {
            let deliver = NIOLoopBound({ (_: Result<JSON, DynamoError>) in XCTFail("answered after stop") }, eventLoop: loop)
            XCTAssertFalse(thread.submit(EngineThread.Job(call: list, loop: loop, deliver: deliver)))
        }.wait()
    }
}
