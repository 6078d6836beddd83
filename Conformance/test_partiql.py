"""PartiQL: ExecuteStatement, BatchExecuteStatement and ExecuteTransaction through boto3 and the aws CLI.

DynamoDB Local 1.13.5 has no PartiQL: it answers all three operations with
UnknownOperationException ("An unknown operation was requested."), recorded in
test_ddblocal_has_no_partiql. Every other case is therefore marked ddblocal_differs.

Sources (the spec): Developer Guide "PartiQL - a SQL-compatible query language for Amazon DynamoDB",
"PartiQL select/insert/update/delete statements for DynamoDB", "PartiQL functions", "PartiQL
operators", "Performing transactions with PartiQL", "Running batch operations with PartiQL"; API
reference ExecuteStatement / BatchExecuteStatement / ExecuteTransaction (botocore's model).
Validation texts: the service's PartiQL message catalogue as shipped in DynamoDB Local 2.x.
"""
import json

import pytest
from botocore.exceptions import ClientError

from conftest import TARGET, aws_cli, call
from ops_helpers import temp_table

NO_PARTIQL = "DynamoDB Local 1.13.5 has no PartiQL"
differs = pytest.mark.ddblocal_differs(NO_PARTIQL)
NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed: "


def error_of(fn, **kwargs):
    with pytest.raises(ClientError) as e:
        fn(**kwargs)
    return e.value.response["Error"]["Code"], e.value.response["Error"]["Message"], e.value.response


@pytest.mark.skipif(TARGET != "ddblocal", reason="records what DynamoDB Local 1.13.5 answers")
@pytest.mark.parametrize("op", ["ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction"])
def test_ddblocal_has_no_partiql(op):
    r = call(op, {"Statement": 'SELECT * FROM "t"'})
    assert (r.status, r.error_type, r.message) == (
        400, "com.amazonaws.dynamodb.v20120810#UnknownOperationException", "An unknown operation was requested.")


@pytest.fixture
def music(ddb):
    with temp_table(ddb, hash_key=("Artist", "S"), range_key=("SongTitle", "S"), prefix="pql") as name:
        yield name


@differs
def test_insert_select_update_delete_with_parameters(ddb, music):
    ddb.execute_statement(Statement=f"INSERT INTO \"{music}\" VALUE {{'Artist': ?, 'SongTitle': ?, 'Awards': 1}}",
                          Parameters=[{"S": "Acme Band"}, {"S": "PartiQL Rocks"}])
    code, message, _ = error_of(ddb.execute_statement,
                                Statement=f"INSERT INTO \"{music}\" VALUE {{'Artist': 'Acme Band', 'SongTitle': 'PartiQL Rocks'}}")
    assert (code, message) == ("DuplicateItemException", "Duplicate primary key exists in table")

    got = ddb.execute_statement(Statement=f'SELECT * FROM "{music}" WHERE Artist = ? AND SongTitle = ?',
                                Parameters=[{"S": "Acme Band"}, {"S": "PartiQL Rocks"}])
    assert got["Items"] == [{"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "PartiQL Rocks"}, "Awards": {"N": "1"}}]

    upd = ddb.execute_statement(
        Statement=f"UPDATE \"{music}\" SET Awards = Awards + 1 SET AwardDetail = {{'Grammys': [2020, 2018]}} "
                  "WHERE Artist = 'Acme Band' AND SongTitle = 'PartiQL Rocks' RETURNING ALL NEW *")
    assert upd["Items"][0]["Awards"] == {"N": "2"}
    assert upd["Items"][0]["AwardDetail"] == {"M": {"Grammys": {"L": [{"N": "2020"}, {"N": "2018"}]}}}

    ddb.execute_statement(Statement=f"UPDATE \"{music}\" SET AwardDetail.Grammys = list_append(AwardDetail.Grammys, [2016]) "
                                    "SET BandMembers = <<'member1'>> WHERE Artist = 'Acme Band' AND SongTitle = 'PartiQL Rocks'")
    ddb.execute_statement(Statement=f"UPDATE \"{music}\" SET BandMembers = set_add(BandMembers, <<'member2'>>) "
                                    "REMOVE AwardDetail.Grammys[0] WHERE Artist = 'Acme Band' AND SongTitle = 'PartiQL Rocks'")
    got = ddb.execute_statement(Statement=f"SELECT BandMembers, AwardDetail.Grammys FROM \"{music}\" "
                                          "WHERE Artist = 'Acme Band' AND SongTitle = 'PartiQL Rocks'")
    item = got["Items"][0]
    assert sorted(item["BandMembers"]["SS"]) == ["member1", "member2"]
    assert item["Grammys"] == {"L": [{"N": "2018"}, {"N": "2016"}]}

    code, message, resp = error_of(ddb.execute_statement,
                                   Statement=f"DELETE FROM \"{music}\" WHERE Artist = 'Acme Band' AND SongTitle = 'PartiQL Rocks' AND Awards = 7",
                                   ReturnValuesOnConditionCheckFailure="ALL_OLD")
    assert (code, message) == ("ConditionalCheckFailedException", "The conditional request failed")
    assert resp["Item"]["Awards"] == {"N": "2"}
    gone = ddb.execute_statement(Statement=f"DELETE FROM \"{music}\" WHERE Artist = 'Acme Band' AND SongTitle = 'PartiQL Rocks' RETURNING ALL OLD *")
    assert gone["Items"][0]["Awards"] == {"N": "2"}
    assert ddb.execute_statement(Statement=f'SELECT * FROM "{music}"')["Items"] == []


@differs
def test_update_and_delete_need_the_full_key(ddb, music):
    for statement in (f"UPDATE \"{music}\" SET a = 1 WHERE Artist = 'x'", f"DELETE FROM \"{music}\" WHERE SongTitle = 'x'"):
        code, message, _ = error_of(ddb.execute_statement, Statement=statement)
        assert (code, message) == ("ValidationException", "Where clause does not contain a mandatory equality on all key attributes")
    # UPDATE of an item that does not exist fails its WHERE clause (ql-reference.update).
    code, _, _ = error_of(ddb.execute_statement, Statement=f"UPDATE \"{music}\" SET a = 1 WHERE Artist = 'x' AND SongTitle = 'y'")
    assert code == "ConditionalCheckFailedException"
    # DELETE of an item that does not exist succeeds (ql-reference.delete).
    assert ddb.execute_statement(Statement=f"DELETE FROM \"{music}\" WHERE Artist = 'x' AND SongTitle = 'y'")["Items"] == []


@differs
def test_errors(ddb, music):
    code, message, _ = error_of(ddb.execute_statement, Statement=f'SELEC * FROM "{music}"')
    assert code == "ValidationException" and message.startswith(NOT_WELL_FORMED)
    code, message, _ = error_of(ddb.execute_statement, Statement=f'SELECT * FROM "{music}" WHERE Artist = ?')
    assert (code, message) == ("ValidationException", "Number of parameters in request and statement don't match.")
    code, message, _ = error_of(ddb.execute_statement, Statement='SELECT * FROM "pql-no-such-table"')
    assert (code, message) == ("ResourceNotFoundException", "Requested resource not found")


@differs
def test_select_pages_with_next_token(ddb, music):
    for i in range(7):
        ddb.execute_statement(Statement=f"INSERT INTO \"{music}\" VALUE {{'Artist': 'a', 'SongTitle': ?, 'n': {i}}}",
                              Parameters=[{"S": f"s{i}"}])
    for statement, expected in ((f"SELECT SongTitle FROM \"{music}\" WHERE Artist = 'a' AND SongTitle >= 's2'", 5),
                                (f"SELECT SongTitle FROM \"{music}\" WHERE n < 6", 6)):
        titles, token, pages = [], None, 0
        while True:
            kwargs = {"NextToken": token} if token else {}
            page = ddb.execute_statement(Statement=statement, Limit=2, **kwargs)
            titles += [it["SongTitle"]["S"] for it in page["Items"]]
            pages += 1
            token = page.get("NextToken")
            if not token:
                break
        assert len(titles) == expected and len(set(titles)) == expected
        assert pages >= 3
    # A query returns its partition in sort-key order, reversed by ORDER BY ... DESC.
    desc = ddb.execute_statement(Statement=f"SELECT SongTitle FROM \"{music}\" WHERE Artist = 'a' ORDER BY SongTitle DESC")
    assert [it["SongTitle"]["S"] for it in desc["Items"]] == [f"s{i}" for i in range(6, -1, -1)]


@differs
def test_batch_execute_statement(ddb, music):
    resp = ddb.batch_execute_statement(Statements=[
        {"Statement": f"INSERT INTO \"{music}\" VALUE {{'Artist': 'b', 'SongTitle': '1'}}"},
        {"Statement": f"INSERT INTO \"{music}\" VALUE {{'Artist': ?, 'SongTitle': ?}}", "Parameters": [{"S": "b"}, {"S": "2"}]},
        {"Statement": "INSERT INTO nonsense"},
    ])["Responses"]
    assert "Error" not in resp[0] and "Error" not in resp[1]
    assert resp[2]["Error"]["Code"] == "ValidationError" and resp[2]["Error"]["Message"].startswith(NOT_WELL_FORMED)
    resp = ddb.batch_execute_statement(Statements=[
        {"Statement": f"SELECT * FROM \"{music}\" WHERE Artist = 'b' AND SongTitle = '1'"},
        {"Statement": f"SELECT * FROM \"{music}\" WHERE Artist = 'b' AND SongTitle = 'none'"},
    ])["Responses"]
    assert resp[0]["Item"] == {"Artist": {"S": "b"}, "SongTitle": {"S": "1"}}
    assert "Item" not in resp[1] and "Error" not in resp[1]
    code, message, _ = error_of(ddb.batch_execute_statement, Statements=[
        {"Statement": f"SELECT * FROM \"{music}\" WHERE Artist = 'b' AND SongTitle = '1'"},
        {"Statement": f"DELETE FROM \"{music}\" WHERE Artist = 'b' AND SongTitle = '1'"},
    ])
    assert (code, message) == ("ValidationException", "Read and write requests together in the same batch is not supported.")


@differs
def test_execute_transaction_all_or_nothing(ddb, music):
    ddb.execute_statement(Statement=f"INSERT INTO \"{music}\" VALUE {{'Artist': 'c', 'SongTitle': '1', 'n': 1}}")
    code, _, resp = error_of(ddb.execute_transaction, TransactStatements=[
        {"Statement": f"INSERT INTO \"{music}\" VALUE {{'Artist': 'c', 'SongTitle': '2'}}"},
        {"Statement": f"EXISTS(SELECT * FROM \"{music}\" WHERE Artist = 'c' AND SongTitle = '1' AND n = 5)"},
    ])
    assert code == "TransactionCanceledException"
    assert [r["Code"] for r in resp["CancellationReasons"]] == ["None", "ConditionalCheckFailed"]
    assert ddb.execute_statement(Statement=f"SELECT * FROM \"{music}\" WHERE Artist = 'c' AND SongTitle = '2'")["Items"] == []

    ddb.execute_transaction(TransactStatements=[
        {"Statement": f"INSERT INTO \"{music}\" VALUE {{'Artist': 'c', 'SongTitle': '2'}}"},
        {"Statement": f"UPDATE \"{music}\" SET n = n + 1 WHERE Artist = 'c' AND SongTitle = '1'"},
    ])
    got = ddb.execute_transaction(TransactStatements=[
        {"Statement": f"SELECT n FROM \"{music}\" WHERE Artist = ? AND SongTitle = ?", "Parameters": [{"S": "c"}, {"S": "1"}]},
        {"Statement": f"SELECT * FROM \"{music}\" WHERE Artist = 'c' AND SongTitle = '2'"},
    ])["Responses"]
    assert got == [{"Item": {"n": {"N": "2"}}}, {"Item": {"Artist": {"S": "c"}, "SongTitle": {"S": "2"}}}]


@differs
def test_aws_cli_execute_statement(ddb, music):
    aws_cli("dynamodb", "execute-statement", "--statement",
            f"INSERT INTO \"{music}\" VALUE {{'Artist': 'cli', 'SongTitle': 'one'}}")
    out = aws_cli("dynamodb", "execute-statement", "--statement", f"SELECT * FROM \"{music}\" WHERE Artist = ?",
                  "--parameters", json.dumps([{"S": "cli"}]))
    assert out["Items"] == [{"Artist": {"S": "cli"}, "SongTitle": {"S": "one"}}]
