import XCTest
@testable import dynamo_bench

final class WorkloadTests: XCTestCase {
    /// The byte-built BatchWriteItem body is the text the interpolated items give.
    func testTheBatchWriteBodyIsTheInterpolatedText() {
        for (connection, sequence) in [(0, 0), (7, 9), (31, 1_000_000), (12, 987_654_321)] {
            let puts = (0..<Preload.batchSize).map { i in
                #"{"PutRequest":{"Item":\#(Workload.item(pk: "b\(connection)-\(sequence)-\(i)", sk: "0", n: i))}}"#
            }
            let expected = #"{"RequestItems":{"bench":[\#(puts.joined(separator: ","))]}}"#
            XCTAssertEqual(Workload.batchWriteBody(table: "bench", connection: connection, sequence: sequence), expected)
        }
    }

    func testThePutItemBodyIsTheInterpolatedText() {
        for (connection, sequence) in [(0, 0), (5, 42), (31, 1_000_000)] {
            let expected = #"{"TableName":"bench","Item":\#(Workload.item(pk: "p\(connection)-\(sequence)", sk: "0", n: sequence))}"#
            XCTAssertEqual(Workload.putItemBody(table: "bench", connection: connection, sequence: sequence), expected)
        }
    }

    func testDecimalsAreWrittenAsInterpolationWritesThem() {
        for value in [0, 1, 9, 10, 99, 100, 12_345, Int.max] {
            var text = ByteText(capacity: 0)
            text.append("n=")
            text.append(decimal: value)
            XCTAssertEqual(text.string, "n=\(value)")
        }
    }
}
