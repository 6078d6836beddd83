import DynamoModel
import DynamoStorage

/// What TagResource, UntagResource, ListTagsOfResource and CreateTable share: resolving a table ARN
/// and the service's tag rules. DynamoDB Local 1.13.5 has no tagging, so the texts are the service's
/// recorded responses (Conformance/DIVERGENCES.md).
enum Tagging {
    /// The most tags a table may carry.
    static let limit = 50

    /// The table name in a table ARN, `arn:<partition>:dynamodb:<region>:<account>:table/<name>`.
    /// Any region and account are accepted: the caller's credentials, not the ARN, choose the database.
    static func tableName(_ arn: String?) throws(DynamoError) -> String {
        guard let arn else { throw DynamoError.validation(Messages.invalidTableArn) }
        guard arn.hasPrefix("arn:") else { throw DynamoError.validation(Messages.arnMustStartWithArn(arn)) }
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6 else { throw DynamoError.validation(Messages.invalidResourceArn(arn)) }
        guard parts[2] == "dynamodb" else { throw DynamoError.validation(Messages.notDynamoArn(arn)) }
        let resource = parts[5].split(separator: "/", omittingEmptySubsequences: false)
        guard resource.count >= 2, resource[0] == "table" else { throw DynamoError.validation(Messages.invalidResourceArn(arn)) }
        // Index ARNs (table/<t>/index/<i>) carry no tags of their own.
        guard resource.count == 2 else { throw DynamoError.validation(Messages.notTableOrStreamArn(arn)) }
        let name = String(resource[1])
        do { try TableNames.checkName(name) } catch { throw DynamoError.validation(Messages.invalidResourceArn(arn)) }
        return name
    }

    /// The table an ARN names, or the service's ResourceNotFoundException.
    static func table(_ tx: StorageTransaction, _ arn: String, name: String) throws(DynamoError) -> TableDefinition {
        guard let table = tx.table(name) else { throw DynamoError(.resourceNotFound, Messages.resourceArnNotFound(arn)) }
        return table
    }

    /// The Tags of a TagResource or CreateTable request, checked all-or-nothing.
    static func tags(_ json: JSON?) throws(DynamoError) -> [TableSettings.Tag] {
        guard case .array(let elements)? = json else { return [] }
        var tags: [TableSettings.Tag] = []
        for element in elements {
            let tag = Request(element)
            let key = tag.string("Key"), value = tag.string("Value")
            guard let key, isValidKey(key) else { throw DynamoError.validation(Messages.invalidTagKey(key)) }
            guard let value, value.count <= 256, value.unicodeScalars.allSatisfy(isAllowed) else {
                throw DynamoError.validation(Messages.invalidTagValue(value))
            }
            if isReserved(key) { throw DynamoError.validation(Messages.reservedTagKey(key)) }
            tags.append(TableSettings.Tag(key: key, value: value))
        }
        var seen = Set<String>()
        for tag in tags where !seen.insert(tag.key).inserted {
            throw DynamoError.validation(Messages.duplicateTagKey(tag.key))
        }
        return tags
    }

    /// `tags` added to `existing`: a key already present takes the new value in its old place.
    static func merge(_ existing: [TableSettings.Tag], _ tags: [TableSettings.Tag]) throws(DynamoError) -> [TableSettings.Tag] {
        var merged = existing
        for tag in tags {
            if let index = merged.firstIndex(where: { $0.key == tag.key }) {
                merged[index].value = tag.value
            } else {
                merged.append(tag)
            }
        }
        if merged.count > limit { throw DynamoError.validation(Messages.tooManyTags) }
        return merged
    }

    /// 1 to 128 characters of the tag alphabet (length in characters, not bytes).
    static func isValidKey(_ key: String) -> Bool {
        !key.isEmpty && key.count <= 128 && key.unicodeScalars.allSatisfy(isAllowed)
    }

    /// `aws:` is reserved for tags the service assigns, in any letter case.
    static func isReserved(_ key: String) -> Bool { key.lowercased().hasPrefix("aws:") }

    /// The AWS tag alphabet: letters, separators (spaces) and digits of any script, and `_ . : / = + - @`.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .spaceSeparator, .lineSeparator, .paragraphSeparator,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return "_.:/=+-@".unicodeScalars.contains(scalar)
        }
    }

    static func render(_ tags: [TableSettings.Tag]) -> JSON {
        .array(tags.map { .object([("Key", .string($0.key)), ("Value", .string($0.value))]) })
    }
}
