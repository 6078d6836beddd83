import XCTest
@testable import AWSSigV4
import TestSupport

/// Property-based fuzzing of the Authorization header parser with fixed seeds: random and
/// mutated headers, including non-ASCII and odd separators, must give a success or a failure,
/// never a crash. `FUZZ_ITERATIONS=100000 swift test --filter FuzzAuthorizationTests` runs longer.
final class FuzzAuthorizationTests: XCTestCase {
    static let iterations = ProcessInfo.processInfo.environment["FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 5000

    static let valid = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
    static let pieces = ["AWS4-HMAC-SHA256", "AWS4-", "AWS4", "Credential=", "SignedHeaders=", "Signature=", "=", "==", ",", ", ", " ", "  ",
                         "\t", "/", "//", ";", ";;", "host", "aws4_request", "dynamodb", "us-east-1", "20150830", "é", "😀", "\u{0}",
                         "\u{FEFF}", "\u{202E}", "\r\n", "\"", "A", "0", "Credential=/////", "Host", "ı", "ß", "ﬁ"]
    static let dates: [String?] = [nil, "", "20150830T123600Z", "20150830T1236", "2015-08-30T12:36:00Z", "😀😀😀😀😀😀😀😀T000000Z", "Sun, 30 Aug 2015 12:36:00 GMT"]

    func exercise(_ header: String?, _ rng: inout SplitMix64) {
        let amzDate = Self.dates[Int(rng.next(upTo: UInt64(Self.dates.count)))]
        let date = Self.dates[Int(rng.next(upTo: UInt64(Self.dates.count)))]
        _ = Authorization.check(header, amzDate: amzDate, date: date)
    }

    func testPieceSoups() {
        var rng = SplitMix64(seed: 21)
        for _ in 0..<Self.iterations {
            let count = Int(rng.next(upTo: 16))
            exercise((0..<count).map { _ in Self.pieces[Int(rng.next(upTo: UInt64(Self.pieces.count)))] }.joined(), &rng)
        }
    }

    func testMutationsOfAValidHeader() {
        var rng = SplitMix64(seed: 22)
        for _ in 0..<Self.iterations {
            var scalars = Array(Self.valid.unicodeScalars)
            for _ in 0..<(1 + Int(rng.next(upTo: 4))) {
                let at = Int(rng.next(upTo: UInt64(scalars.count + 1)))
                switch rng.next(upTo: 4) {
                case 0: if at < scalars.count { scalars.remove(at: at) }
                case 1: scalars.insert(contentsOf: Self.pieces[Int(rng.next(upTo: UInt64(Self.pieces.count)))].unicodeScalars, at: at)
                case 2: if at < scalars.count { scalars[at] = Unicode.Scalar(UInt8(rng.next(upTo: 128))) }
                default: scalars = Array(scalars[..<min(at, scalars.count)])
                }
            }
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars)
            exercise(String(text), &rng)
        }
    }

    func testRandomScalars() {
        var rng = SplitMix64(seed: 23)
        for _ in 0..<Self.iterations {
            let scalars = (0..<rng.next(upTo: 40)).compactMap { _ -> Unicode.Scalar? in
                rng.next(upTo: 3) == 0 ? Unicode.Scalar(UInt32(rng.next(upTo: 0x11_0000))) : Unicode.Scalar(UInt8(rng.next(upTo: 128)))
            }
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars)
            exercise(rng.next(upTo: 2) == 0 ? "AWS4-HMAC-SHA256 " + String(text) : String(text), &rng)
        }
    }

    func testHugeHeaders() {
        var rng = SplitMix64(seed: 24)
        for size in [1_000, 100_000] {
            exercise("AWS4-HMAC-SHA256 Credential=" + String(repeating: "/", count: size), &rng)
            exercise("AWS4-HMAC-SHA256 SignedHeaders=" + String(repeating: ";", count: size) + ", Credential=a", &rng)
            exercise("AWS4-HMAC-SHA256 " + String(repeating: "Signature=x, ", count: size / 10), &rng)
            exercise(String(repeating: "é", count: size), &rng)
            exercise(Self.valid + String(repeating: " ", count: size), &rng)
        }
        exercise(nil, &rng)
    }
}

