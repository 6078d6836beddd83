import AWSSigV4

/// Authorization.check on arbitrary text. The input is `header\nX-Amz-Date\nDate`; a missing
/// line is an absent header, so the fuzzer reaches the date checks as well as the header parser.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzAuthorization(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let lines = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
    let header = lines.first
    let amzDate = lines.count > 1 ? lines[1] : nil
    let date = lines.count > 2 ? lines[2] : nil
    if case .success(let authorization) = Authorization.check(header, amzDate: amzDate, date: date) {
        _ = authorization.credential.accessKeyId + authorization.credential.region
    }
    return 0
}
