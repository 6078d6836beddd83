extension AttributeValue {
    /// Decodes a wire AttributeValue whose JSON member types were already checked
    /// (a SerializationException comes before any of these ValidationExceptions).
    /// Checks, in the service's order: exactly one type set, numbers, NULL true, empty and duplicate sets.
    public static func decode(_ json: JSON) throws(DynamoError) -> AttributeValue {
        guard case .object(let members) = json else { throw DynamoError.validation(Messages.attributeValueEmpty) }
        // The first non-null member, and whether there is another: counted without building the
        // filtered array, an allocation per value (most values have exactly one member).
        var found: Int?
        for i in members.indices where !members[i].1.isNull {
            if found != nil { throw DynamoError.validation(Messages.attributeValueMultiple) }
            found = i
        }
        guard let found else { throw DynamoError.validation(Messages.attributeValueEmpty) }
        let (type, value) = members[found]
        switch (type, value) {
        case ("S", .string(let s)):
            return .s(s)
        case ("N", .string(let text)):
            return .n(try number(text))
        case ("B", .string(let text)):
            guard let bytes = Base64.decode(text) else { throw DynamoError(.serialization, Messages.serializationBadBlob(text)) }
            return .b(bytes)
        case ("BOOL", .bool(let b)):
            return .bool(b)
        case ("NULL", .bool(let b)):
            guard b else { throw DynamoError.validation(Messages.nullMustBeTrue) }
            return .null
        case ("M", .object(let entries)):
            var map = [String: AttributeValue](minimumCapacity: entries.count)
            for (name, child) in entries { map[name] = try decode(child) }
            return .m(map)
        case ("L", .array(let elements)):
            var list: [AttributeValue] = []
            list.reserveCapacity(elements.count)
            for element in elements { list.append(try decode(element)) }
            return .l(list)
        case ("SS", .array(let elements)):
            guard !elements.isEmpty else { throw DynamoError.validation(Messages.emptySet("SS")) }
            var strings: [String] = []
            for case .string(let s) in elements { strings.append(s) }
            guard strings.count == elements.count else { throw DynamoError.validation(Messages.attributeValueEmpty) }
            if hasRepeatedStrings(strings) {
                throw DynamoError.validation(Messages.duplicateSet("[" + strings.joined(separator: ", ") + "]"))
            }
            return .ss(strings)
        case ("NS", .array(let elements)):
            guard !elements.isEmpty else { throw DynamoError.validation(Messages.emptySet("NS")) }
            var numbers: [DynamoNumber] = []
            for element in elements {
                guard case .string(let text) = element else { throw DynamoError.validation(Messages.numberNotConvertible("")) }
                numbers.append(try number(text))
            }
            if hasRepeats(numbers) { throw DynamoError.validation(Messages.duplicateNumberSet) }
            return .ns(numbers)
        case ("BS", .array(let elements)):
            guard !elements.isEmpty else { throw DynamoError.validation(Messages.emptySet("BS")) }
            var blobs: [[UInt8]] = []
            for element in elements {
                guard case .string(let text) = element, let bytes = Base64.decode(text) else {
                    throw DynamoError.validation(Messages.attributeValueEmpty)
                }
                blobs.append(bytes)
            }
            if hasRepeats(blobs) {
                throw DynamoError.validation(Messages.duplicateBinarySet("[" + blobs.map { Base64.encode($0) }.joined(separator: ", ") + "]"))
            }
            return .bs(blobs)
        default:
            // An unknown member name only (the type check ignores members it does not know).
            throw DynamoError.validation(Messages.attributeValueEmpty)
        }
    }

    static func number(_ text: String) throws(DynamoError) -> DynamoNumber {
        do {
            return try DynamoNumber(parsing: text)
        } catch .notANumber {
            throw DynamoError.validation(Messages.numberNotConvertible(text))
        } catch {
            throw DynamoError.validation(error.message)
        }
    }

    /// Whether a string set names a string twice (compared by UTF-8 bytes, as DynamoDB does).
    static func hasRepeatedStrings(_ strings: [String]) -> Bool {
        Set(strings.map { Array($0.utf8) }).count != strings.count
    }

    static func hasRepeats<T: Hashable>(_ values: [T]) -> Bool { Set(values).count != values.count }

    /// Decodes a map of attribute values, e.g. an Item or a Key.
    public static func decodeItem(_ json: JSON) throws(DynamoError) -> Item {
        if case .attributes(let map) = json { return map.item }
        guard case .object(let members) = json else { return [:] }
        // Sized at creation: an empty literal then reserveCapacity allocated twice.
        var item = Item(minimumCapacity: members.count)
        for (name, value) in members { item[name] = try decode(value) }
        return item
    }
}
