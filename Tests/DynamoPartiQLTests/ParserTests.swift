import XCTest
@testable import DynamoExpressions
@testable import DynamoModel
@testable import DynamoPartiQL

/// Statements from the Developer Guide's PartiQL pages (ql-reference.select/insert/update/delete,
/// ql-functions, ql-operators), parsed and translated into DynamoExpressions trees.
final class ParserTests: XCTestCase {
    func parse(_ text: String, _ parameters: [AttributeValue] = []) throws -> PartiQLStatement {
        try PartiQLStatement.parse(text, parameters: parameters)
    }

    func error(_ text: String, _ parameters: [AttributeValue] = []) -> String? {
        do {
            _ = try parse(text, parameters)
            return nil
        } catch {
            return (error as? DynamoError)?.message
        }
    }

    func path(_ names: String...) -> Operand { .path(DocumentPath(names.map { .name($0) })) }

    func testSelectWithKeyAndFunctions() throws {
        guard case .select(let s) = try parse("""
            SELECT OrderID, Total, Devices.FireStick.DateWatched[0] FROM "Orders"
            WHERE OrderID = 1 AND begins_with("Address", '7834 24th') AND size("Image") > 300
            """) else { return XCTFail() }
        XCTAssertEqual(s.table, "Orders")
        XCTAssertNil(s.index)
        XCTAssertEqual(s.projection?.count, 3)
        XCTAssertEqual(s.projection?[2].elements, [.name("Devices"), .name("FireStick"), .name("DateWatched"), .index(0)])
        XCTAssertEqual(s.condition, .and([
            .compare(.eq, path("OrderID"), .value(.n(1))),
            .beginsWith(path("Address"), .value(.s("7834 24th"))),
            .compare(.gt, .size(path("Image")), .value(.n(300))),
        ]))
    }

    func testSelectIndexInBetweenIsMissingAndOrder() throws {
        guard case .select(let s) = try parse("""
            select * from "Orders"."ByTotal" where OrderID IN [1, 2] and Total BETWEEN 500 AND 600
            and "Awards" IS MISSING and Note IS NOT NULL ORDER BY OrderID DESC
            """) else { return XCTFail() }
        XCTAssertNil(s.projection)
        XCTAssertEqual(s.index, "ByTotal")
        XCTAssertEqual(s.condition, .and([
            .in(path("OrderID"), [.value(.n(1)), .value(.n(2))]),
            .between(path("Total"), .value(.n(500)), .value(.n(600))),
            .attributeNotExists(DocumentPath([.name("Awards")])),
            .not(.attributeType(path("Note"), .value(.s("NULL")))),
        ]))
        XCTAssertEqual(s.orderBy.map(\.name), ["OrderID"])
        XCTAssertEqual(s.orderBy.map(\.descending), [true])
    }

    func testOrNotAndParentheses() throws {
        guard case .select(let s) = try parse("SELECT * FROM t WHERE NOT (a = 1 OR b <> 'x') AND c <= ?", [.n(3)]) else { return XCTFail() }
        XCTAssertEqual(s.condition, .and([
            .not(.or([.compare(.eq, path("a"), .value(.n(1))), .compare(.ne, path("b"), .value(.s("x")))])),
            .compare(.le, path("c"), .value(.n(3))),
        ]))
    }

    func testInsertValueTypes() throws {
        guard case .insert(let i) = try parse("""
            INSERT INTO TypesTable value {'primarykey':'1', 'NumberType':1, 'MapType' : {'entryname1': 'value', 'entryname2': 4},
            'ListType': [1,'stringval'], 'NumberSetType':<<1,34,32,4.5>>, 'StringSetType':<<'stringval','stringval2'>>,
            'b': TRUE, 'z': NULL, 'p': ?}
            """, [.b([1, 2])]) else { return XCTFail() }
        XCTAssertEqual(i.table, "TypesTable")
        XCTAssertEqual(i.item["MapType"], .m(["entryname1": .s("value"), "entryname2": .n(4)]))
        XCTAssertEqual(i.item["ListType"], .l([.n(1), .s("stringval")]))
        XCTAssertEqual(i.item["NumberSetType"], .ns([1, 34, 32, try DynamoNumber(parsing: "4.5")]))
        XCTAssertEqual(i.item["StringSetType"], .ss(["stringval", "stringval2"]))
        XCTAssertEqual(i.item["b"], .bool(true))
        XCTAssertEqual(i.item["z"], .null)
        XCTAssertEqual(i.item["p"], .b([1, 2]))
    }

    func testUpdateActionsAndReturning() throws {
        guard case .update(let u) = try parse("""
            UPDATE TypesTable SET NumberType=NumberType + 100 SET MapType.NewMapEntry=[2020, 'stringvalue', 2.4]
            SET ListType = LIST_APPEND(ListType, [4]) SET StringSetType = SET_ADD(StringSetType, <<'v1'>>)
            SET NumberSetType = set_delete(NumberSetType, <<345>>) REMOVE ListType[1], MapType.Old
            WHERE primarykey='1' RETURNING MODIFIED NEW *
            """) else { return XCTFail() }
        XCTAssertEqual(u.returning, .modifiedNew)
        XCTAssertEqual(u.update.actions, [
            .set(DocumentPath([.name("NumberType")]), .plus(path("NumberType"), .value(.n(100)))),
            .set(DocumentPath([.name("MapType"), .name("NewMapEntry")]),
                 .value(.l([.n(2020), .s("stringvalue"), .n(try DynamoNumber(parsing: "2.4"))]))),
            .set(DocumentPath([.name("ListType")]), .listAppend(path("ListType"), .value(.l([.n(4)])))),
            .add(DocumentPath([.name("StringSetType")]), .ss(["v1"])),
            .delete(DocumentPath([.name("NumberSetType")]), .ns([345])),
            .remove(DocumentPath([.name("ListType"), .index(1)])),
            .remove(DocumentPath([.name("MapType"), .name("Old")])),
        ])
        XCTAssertEqual(u.condition, .compare(.eq, path("primarykey"), .value(.s("1"))))
    }

    func testDeleteAndExists() throws {
        guard case .delete(let d) = try parse(#"DELETE FROM "Music" WHERE "Artist" = 'Acme Band' AND "SongTitle" = 'PartiQL Rocks' RETURNING ALL OLD *"#)
        else { return XCTFail() }
        XCTAssertEqual(d.returning, .allOld)
        XCTAssertEqual(d.condition.conjuncts.compactMap(\.keyEquality?.name), ["Artist", "SongTitle"])
        guard case .exists(let s) = try parse(#"EXISTS(SELECT * FROM "Music" where Artist='No One' and SongTitle='Call Me' and Awards is MISSING)"#)
        else { return XCTFail() }
        XCTAssertEqual(s.condition?.conjuncts.count, 3)
    }

    func testStringEscapesCommentsAndSemicolon() throws {
        guard case .insert(let i) = try parse("INSERT INTO t VALUE {'k': 'it''s', 'q': 1} -- note\n;") else {
            return XCTFail()
        }
        XCTAssertEqual(i.item["k"], .s("it's"))
    }

    func testErrors() {
        let prefix = "Statement wasn't well formed, can't be processed: "
        XCTAssertEqual(error("SELEC * FROM t"), prefix + "Expected data manipulation")
        XCTAssertEqual(error("SELECT * FROM t WHERE"), prefix + "Expected expression")
        XCTAssertEqual(error("SELECT * FROM t WHERE a = 'x"), prefix + "Unterminated string literal")
        XCTAssertEqual(error("SELECT * FROM t WHERE a = 1 b"), prefix + "Unexpected token")
        XCTAssertEqual(error("SELECT * FROM t WHERE a = ?"), Messages.partiQLParameterCount)
        XCTAssertEqual(error("SELECT * FROM t WHERE a = 1", [.n(1)]), Messages.partiQLParameterCount)
        XCTAssertEqual(error("SELECT *, a FROM t"), Messages.partiQLStarAndOthers)
        XCTAssertEqual(error("SELECT * FROM t WHERE a = MISSING"), Messages.partiQLMissingComparison)
        XCTAssertEqual(error("SELECT * FROM t WHERE foo(a)"), Messages.partiQLUnrecognizedFunction("foo"))
        XCTAssertEqual(error("INSERT INTO t VALUE {'a': <<>>}"), Messages.partiQLEmptyBag)
        XCTAssertEqual(error("INSERT INTO t VALUE {'a': <<1, 'x'>>}"), Messages.partiQLBagType)
        XCTAssertEqual(error("UPDATE t SET a = set_add(b, <<1>>) WHERE k = 1"), Messages.partiQLSetFunctionFirstArgument("ADD"))
        XCTAssertEqual(error("UPDATE t SET a = set_add(a, 1) WHERE k = 1"), Messages.partiQLSetFunctionSecondArgument("ADD"))
        XCTAssertEqual(error("DELETE FROM t WHERE k = 1 RETURNING ALL NEW *"), Messages.partiQLReturningInDelete("ALL NEW *"))
        XCTAssertEqual(error("INSERT INTO t VALUE {'a': 1} RETURNING ALL OLD *"), Messages.partiQLReturningInInsert)
        XCTAssertEqual(error("INSERT INTO t VALUE {'a': 1, 'a': 2}"), Messages.partiQLDuplicateTupleKey("a", under: "item"))
    }
}
