#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The credentials file of `-verifySignatures`, in the AWS shared credentials format, so
/// `~/.aws/credentials` works as it is:
///
///     # comment            ; comment
///     [default]
///     aws_access_key_id = AKIDEXAMPLE
///     aws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
///
/// Every profile with both keys contributes one access key → secret pair; other settings
/// (region, aws_session_token, ...) and profiles without keys are ignored. Like the SDKs' INI
/// reader: names are case-insensitive, `:` may stand for `=`, comments take whole lines.
enum CredentialsFile {
    static func load(path: String) -> Result<[String: String], CommandLineOptions.Failure> {
        func failure(_ detail: String) -> CommandLineOptions.Failure {
            CommandLineOptions.Failure(message: "Invalid -verifySignatures credentials file \(path): \(detail)", showUsage: false)
        }
        let bytes: [UInt8]
        switch contents(of: path) {
        case .success(let read): bytes = read
        case .failure(let unreadable):
            return .failure(CommandLineOptions.Failure(
                message: "Could not read the -verifySignatures credentials file \(path): \(unreadable.reason).", showUsage: false))
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.utf8.elementsEqual(bytes) else { return .failure(failure("it is not UTF-8 text.")) }
        return parse(text).mapError { failure($0.detail) }
    }

    struct Unreadable: Error {
        let reason: String
    }

    struct Invalid: Error, Equatable {
        let detail: String
    }

    static func parse(_ text: String) -> Result<[String: String], Invalid> {
        var profiles: [(name: String, keyId: String?, secret: String?)] = []
        var current: Int?
        var lineNumber = 0
        // "\r\n" is one Character in Swift, so it is a line break of its own.
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            let line = rawLine.trimmingCharacters(in: " \t\r")
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count > 2 else {
                    return .failure(Invalid(detail: "line \(lineNumber): a profile name must be written as [name]."))
                }
                let name = String(line.dropFirst().dropLast()).trimmingCharacters(in: " \t")
                // A profile named twice is one profile, as in the SDKs.
                if let known = profiles.firstIndex(where: { $0.name == name }) {
                    current = known
                } else {
                    profiles.append((name, nil, nil))
                    current = profiles.count - 1
                }
                continue
            }
            guard let delimiter = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                return .failure(Invalid(detail: "line \(lineNumber): expected [profile], name = value or a comment."))
            }
            guard let profile = current else {
                return .failure(Invalid(detail: "line \(lineNumber): a setting before the first [profile]."))
            }
            let key = line[..<delimiter].trimmingCharacters(in: " \t").lowercased()
            let value = line[line.index(after: delimiter)...].trimmingCharacters(in: " \t")
            if key == "aws_access_key_id" { profiles[profile].keyId = value }
            if key == "aws_secret_access_key" { profiles[profile].secret = value }
        }

        var credentials: [String: String] = [:]
        for profile in profiles {
            switch (profile.keyId, profile.secret) {
            case (nil, nil):
                continue
            case (let keyId?, let secret?) where !keyId.isEmpty && !secret.isEmpty:
                if let known = credentials[keyId], known != secret {
                    return .failure(Invalid(detail: "access key \(keyId) appears twice with different secrets."))
                }
                credentials[keyId] = secret
            case (let keyId, _) where keyId?.isEmpty ?? true:
                return .failure(Invalid(detail: "profile [\(profile.name)] has no aws_access_key_id."))
            default:
                return .failure(Invalid(detail: "profile [\(profile.name)] has no aws_secret_access_key."))
            }
        }
        guard !credentials.isEmpty else {
            return .failure(Invalid(detail: "no profile has both aws_access_key_id and aws_secret_access_key."))
        }
        return .success(credentials)
    }

    /// The file's bytes, or the system's reason it cannot be read.
    static func contents(of path: String) -> Result<[UInt8], Unreadable> {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return .failure(Unreadable(reason: String(cString: strerror(errno)))) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 { return .failure(Unreadable(reason: String(cString: strerror(errno)))) }
            if count == 0 { return .success(bytes) }
            // A credentials file is small; anything this large is the wrong file.
            if bytes.count > 1 << 20 { return .failure(Unreadable(reason: "File too large")) }
            bytes += chunk[0..<count]
        }
    }
}

private extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var slice = self[...]
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
