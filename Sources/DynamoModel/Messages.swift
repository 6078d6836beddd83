/// The catalogue of DynamoDB's error messages. Every text a client can see is written once,
/// here or in a `Messages+<Area>.swift` extension. Texts were checked against DynamoDB Local 1.13.5
/// (Conformance/*_NOTES.md) or taken from the service's documented responses where it differs.
public enum Messages {
    // MARK: Request framework (SerializationException texts follow the service's Java deserialiser)

    public static let serializationStartOfStructure = "Start of structure or map found where not expected."
    public static let serializationStartOfList = "Start of list found where not expected"
    public static let serializationExpectedList = "Expected list or null"
    public static let serializationExpectedMap = "Expected map or null"
    public static let serializationExpectedNull = "Expected null"

    public static func serializationStartOfStructure(found: JSON) -> String {
        if case .array = found { return serializationStartOfList }
        return serializationStartOfStructure
    }

    public static func serializationCannotConvert(_ javaClass: String, to type: String) -> String {
        "class \(javaClass) can not be converted to an \(type)"
    }

    public static func serializationCannotConvertBlob(_ javaClass: String) -> String {
        "class \(javaClass) can not be converted to a Blob"
    }

    public static func serializationBadBoolean(_ text: String) -> String {
        "'\(text.uppercased())' can not be converted to an Boolean"
    }

    public static func serializationBadBlob(_ text: String) -> String {
        let prefix = "'\(text)' can not be converted to a Blob: "
        if text.utf8.count % 4 != 0 {
            return prefix + "Base64 encoded length is expected a multiple of 4 bytes but found: \(text.utf8.count)"
        }
        // The first character outside the alphabet, or a '=' that is followed by data.
        var padding = false
        for character in text {
            if character == "=" { padding = true; continue }
            if padding { return prefix + "Invalid Base64 character: '='" }
            let alphabet = character.isASCII && (character.isLetter || character.isNumber || character == "+" || character == "/")
            if !alphabet { return prefix + "Invalid Base64 character: '\(character)'" }
        }
        // "dectected" is the service's spelling.
        return prefix + "Invalid last non-pad Base64 character dectected"
    }

    /// The Java class Jackson reports for a JSON number literal.
    public static func javaNumberClass(_ text: String) -> String {
        if text.contains(".") || text.contains("e") || text.contains("E") { return "java.lang.Double" }
        guard let value = Int64(text) else { return "java.math.BigInteger" }
        if value >= -32768 && value <= 32767 { return "java.lang.Short" }
        if value >= -2147483648 && value <= 2147483647 { return "java.lang.Integer" }
        return "java.lang.Long"
    }

    public static let malformedJSON = "Start of structure or map found where not expected."

    public static func unknownOperation() -> String? { nil }

    // MARK: Constraint validation

    public static func validationErrors(_ errors: [String]) -> String {
        "\(errors.count) validation error\(errors.count == 1 ? "" : "s") detected: " + errors.joined(separator: "; ")
    }

    public static func constraintViolation(value: String?, path: String, constraint: String) -> String {
        "Value \(value.map { "'\($0)'" } ?? "null") at '\(path)' failed to satisfy constraint: \(constraint)"
    }

    // MARK: Tables

    public static let resourceNotFound = "Requested resource not found"
    public static func tableNotFound(_ name: String) -> String { "Requested resource not found: Table: \(name) not found" }
    public static let nonExistentTable = "Cannot do operations on a non-existent table"
    public static func tableAlreadyExists(_ name: String) -> String { "Table already exists: \(name)" }

    // MARK: Items and keys

    public static let keyMismatch = "The provided key element does not match the schema"
    public static func missingKey(_ name: String) -> String {
        "One or more parameter values were invalid: Missing the key \(name) in the item"
    }
    public static func keyTypeMismatch(_ name: String, expected: String, actual: String) -> String {
        "One or more parameter values were invalid: Type mismatch for key \(name) expected: \(expected) actual: \(actual)"
    }
    public static func emptyKeyString(_ name: String) -> String {
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: \(name)"
    }
    public static func emptyKeyBinary(_ name: String) -> String {
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: \(name)"
    }
    public static let hashKeyTooLarge = "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes"
    public static let rangeKeyTooLarge = "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes"
    public static let itemTooLarge = "Item size has exceeded the maximum allowed size"
    /// Maps and lists nested over 32 levels (the service's text, as SDK users and emulator
    /// conformance suites record it).
    public static let nestingTooDeep = "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit"
    /// The same for the item an update produces (checked against DynamoDB Local 1.13.5).
    public static let updateNestingTooDeep = "Nesting Levels have exceeded supported limits"
    public static let conditionalCheckFailed = "The conditional request failed"

    // MARK: AttributeValue

    public static let attributeValueEmpty = "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
    public static let attributeValueMultiple = "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"
    public static let nullMustBeTrue = "One or more parameter values were invalid: Null attribute value types must have the value of true"
    public static let emptySet = "One or more parameter values were invalid: An number set  may not be empty"
    public static func emptySet(_ type: String) -> String {
        switch type {
        case "SS": return "One or more parameter values were invalid: An string set  may not be empty"
        case "BS": return "One or more parameter values were invalid: Binary sets should not be empty"
        default: return "One or more parameter values were invalid: An number set  may not be empty"
        }
    }
    public static func duplicateSet(_ rendered: String) -> String {
        "One or more parameter values were invalid: Input collection \(rendered) contains duplicates."
    }
    public static let notANumber = "A value provided cannot be converted into a number"

    // MARK: Internal

    public static let internalError = "The server encountered an internal error trying to fulfill the request."
}
