import DynamoModel

/// ProjectionExpression application: the item cut down to the given paths, nested maps and
/// list elements kept as DynamoDB returns them (list elements compacted in index order; a path
/// that finds nothing contributes nothing). Checked against DynamoDB Local 1.13.5.
public enum Projection {
    public static func project(_ paths: [DocumentPath], _ item: Item) -> Item {
        let root = Node()
        for p in paths { root.insert(p.elements[...]) }
        var out: Item = [:]
        for (name, child) in root.names {
            if let v = item[name], let projected = child.project(v) { out[name] = projected }
        }
        return out
    }

    final class Node {
        var leaf = false
        var names: [String: Node] = [:]
        var indexes: [Int: Node] = [:]

        func insert(_ rest: ArraySlice<PathElement>) {
            guard let first = rest.first else { leaf = true; return }
            let child: Node
            switch first {
            case .name(let n):
                if let c = names[n] { child = c } else { child = Node(); names[n] = child }
            case .index(let i):
                if let c = indexes[i] { child = c } else { child = Node(); indexes[i] = child }
            }
            child.insert(rest.dropFirst())
        }

        func project(_ value: AttributeValue) -> AttributeValue? {
            if leaf { return value }
            switch value {
            case .m(let map) where !names.isEmpty:
                var out: [String: AttributeValue] = [:]
                for (name, child) in names {
                    if let v = map[name], let projected = child.project(v) { out[name] = projected }
                }
                return out.isEmpty ? nil : .m(out)
            case .l(let list) where !indexes.isEmpty:
                var out: [AttributeValue] = []
                for i in indexes.keys.sorted() where i < list.count {
                    if let projected = indexes[i]!.project(list[i]) { out.append(projected) }
                }
                return out.isEmpty ? nil : .l(out)
            default:
                return nil
            }
        }
    }
}
