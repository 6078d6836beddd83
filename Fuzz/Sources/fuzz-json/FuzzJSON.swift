import DynamoModel

/// JSON.parse and the AttributeValue decoder on arbitrary bytes (a request body). Either may
/// throw; neither may crash. What parses must print and re-parse to itself, and a decoded item
/// must survive a round trip through its text.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let json = try? JSON.parse(bytes)
    // Decoding AttributeValue maps while parsing changes no outcome: same success, same tree,
    // and a decoded map is what decodeItem makes of the tree.
    for hint in [JSONHint.attributeMap, .members([("Item", .attributeMap)]), .values(.attributeMap)] {
        let hinted = try? JSON.parse(Array(bytes), hint: hint)
        guard (hinted == nil) == (json == nil), hinted?.tree == json else { fatalError("a hint changed the parse") }
        if case .attributes(let map)? = hinted, (try? AttributeValue.decodeItem(json!)) != map.item {
            fatalError("a map decoded while parsing differs from its tree's")
        }
    }
    guard let json else { return 0 }
    guard (try? JSON.parse(json.bytes)) == json else { fatalError("JSON does not re-parse to itself") }
    _ = try? AttributeValue.decode(json)
    if let item = try? AttributeValue.decodeItem(json) {
        _ = itemSize(item)
        let text = AttributeValue.json(item).bytes
        guard let again = try? AttributeValue.decodeItem(try JSON.parse(text)), again == item else {
            fatalError("item does not round-trip: \(String(decoding: text, as: UTF8.self))")
        }
    }
    if case .object(let members) = json {
        // A request's members: Item, Key, ExpressionAttributeValues, ... one level down.
        for (_, value) in members {
            _ = try? AttributeValue.decodeItem(value)
            _ = try? AttributeValue.decode(value)
        }
    }
    return 0
}
