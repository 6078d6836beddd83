#!/usr/bin/env python3
"""scripts/bench's report after the main table: the latency pass, ratios against nginx and DynamoDB
Local, the 10k/1M scaling, the large Scan and Query, and a verdict against issue 7's targets.

Input: the records file scripts/bench writes, one measurement per line as tab-separated key=value
fields (dynamo-bench's stderr figures plus the server's CPU time). Prints markdown."""

import argparse
import sys


def load(path):
    records = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            records.append(dict(field.split("=", 1) for field in line.split("\t") if "=" in field))
    return records


def num(value, default=None):
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def grouped(value):
    return "-" if value is None else f"{value:,.0f}"


def ms(value):
    return "-" if value is None else f"{value:.2f}"


def ratio(a, b, digits=2):
    if a is None or b is None or b == 0:
        return "-"
    return f"{a / b:.{digits}f}"


def fraction(a, b):
    """a / b as "0.41" or, below 0.1, "1/125"."""
    if a is None or b is None or a == 0 or b == 0:
        return "-"
    q = a / b
    return f"{q:.2f}" if q >= 0.1 else f"1/{b / a:.0f}"


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("records")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--latency-connections", type=int, default=8)
    parser.add_argument("--tmpdir", default="/tmp")
    args = parser.parse_args()
    records = load(args.records)

    def find(**match):
        return [r for r in records if all(r.get(k) == v for k, v in match.items())]

    def one(**match):
        found = find(**match)
        return found[0] if found else None

    def rps(r):
        return num(r.get("requests-per-second")) if r else None

    def cpu(r):
        return num(r.get("cpu-us")) if r else None

    def client_us(r):
        """dynamo-bench's own CPU per answer (warm-up included in both)."""
        if not r or not num(r.get("answered")) or num(r.get("client-cpu-seconds")) is None:
            return "-"
        return f"{num(r['client-cpu-seconds']) * 1e6 / num(r['answered']):.0f}"

    out = []
    dl = "DynamoLocal"
    ddb = "DynamoDB Local"
    nginx = "nginx (static body)"

    # Latency pass.
    latency = find(section="latency")
    if latency:
        out.append(f"### Latency at {args.latency_connections} connections (single-item operations, same servers, after the main load)\n")
        out.append(table(
            ["server", "operation", "connections", "requests/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "errors", "server CPU µs/request"],
            [[r["server"], r["op"], r["connections"], grouped(rps(r)), r.get("p50-ms"), r.get("p99-ms"), r.get("p999-ms"),
              r.get("max-ms"), r.get("errors"), r.get("cpu-us")] for r in latency]))
        out.append("")

    # Ratios.
    dl_get = one(section="main", server=dl, op="GetItem")
    ng = one(section="main", server=nginx)
    if ng:
        info = one(section="nginx") or {}
        out.append(f"### Against a static HTTP responder: nginx {info.get('version', '')}, {info.get('workers', '?')} workers, "
                   f"a fixed {info.get('body-bytes', '?')}-byte body (DynamoLocal's GetItem answer), the same GetItem requests "
                   f"from dynamo-bench at {ng['connections']} connections\n")
        rows = [["requests/s", grouped(rps(dl_get)), grouped(rps(ng)), ratio(rps(dl_get), rps(ng))],
                ["p50 ms", dl_get and dl_get.get("p50-ms"), ng.get("p50-ms"), ratio(num(dl_get and dl_get.get("p50-ms")), num(ng.get("p50-ms")))],
                ["p99 ms", dl_get and dl_get.get("p99-ms"), ng.get("p99-ms"), ratio(num(dl_get and dl_get.get("p99-ms")), num(ng.get("p99-ms")))],
                ["server CPU µs/request", dl_get and dl_get.get("cpu-us"), ng.get("cpu-us"), ratio(cpu(dl_get), cpu(ng))],
                ["client (dynamo-bench) CPU µs/request", client_us(dl_get), client_us(ng), ratio(num(client_us(dl_get)), num(client_us(ng)))]]
        out.append(table(["GetItem", "DynamoLocal", "nginx (static body)", "DynamoLocal / nginx"], rows))
        out.append("")
    ddb_rows = find(section="main", server=ddb)
    if ddb_rows:
        out.append("### DynamoLocal / DynamoDB Local 1.13.5 (same run)\n")
        rows = []
        for section in ("main", "latency"):
            for r in find(section=section, server=dl):
                other = one(section=section, server=ddb, op=r["op"], connections=r["connections"])
                if not other:
                    continue
                rows.append([r["op"], r["connections"], grouped(rps(r)), grouped(rps(other)), ratio(rps(r), rps(other), 1) + "x",
                             r.get("p99-ms"), other.get("p99-ms"), r.get("cpu-us"), other.get("cpu-us"), fraction(cpu(r), cpu(other))])
        out.append(table(["operation", "connections", "DynamoLocal requests/s", "DynamoDB Local requests/s", "throughput ratio",
                          "DynamoLocal p99 ms", "DynamoDB Local p99 ms", "DynamoLocal CPU µs/request", "DynamoDB Local CPU µs/request",
                          "CPU ratio"], rows))
        s_dl, s_ddb = one(section="server", server=dl), one(section="server", server=ddb)
        if s_dl and s_ddb:
            out.append("")
            out.append(table(["", "DynamoLocal", "DynamoDB Local", "ratio"], [
                ["start to first answer, ms (median)", s_dl["start-ms"], s_ddb["start-ms"], fraction(num(s_dl["start-ms"]), num(s_ddb["start-ms"]))],
                ["idle RSS after start, MB", s_dl["idle-rss-mb"], s_ddb["idle-rss-mb"], fraction(num(s_dl["idle-rss-mb"]), num(s_ddb["idle-rss-mb"]))],
                ["RSS after the load, MB", s_dl["loaded-rss-mb"], s_ddb["loaded-rss-mb"], fraction(num(s_dl["loaded-rss-mb"]), num(s_ddb["loaded-rss-mb"]))]]))
        out.append("")

    # Scaling.
    sizes = find(section="scaling-size")
    if sizes:
        out.append("### Scaling: a small and a large table, on disk\n")
        out.append(f"Each size on a fresh server with an on-disk database (`-dbPath` in a new directory under {args.tmpdir}, "
                   "`-sharedDb`; not `-inMemory`, so the RSS is the server's and not the data's). Item `i` is "
                   "`pk = \"conv#<i % P>\"`, `sk = \"m<i / P>\"` (8 digits), a number and a 100-character string (about 150 bytes), "
                   f"P = items / 1,000, so every partition holds 1,000 items. Loaded through HTTP with BatchWriteItem (25 items) "
                   f"at {args.connections} connections; then GetItem (a random item), Query (Limit 25 from a random start in a random "
                   "partition) and PutItem (new items; on disk, so durable against a process crash) on the loaded table.\n")
        rows = []
        for s in sizes:
            label = f"DynamoLocal, {s['items']} items"
            ld = one(section="scaling-load", server=label)
            items = num(s["items"])
            cpu_item = None
            if ld and num(ld.get("server-cpu-seconds")) is not None and items:
                cpu_item = num(ld["server-cpu-seconds"]) * 1e6 / items
            rows.append([grouped(items), grouped(num(s["partitions"])), ld and ld.get("seconds"),
                         grouped(num(ld and ld.get("items-per-second"))), "-" if cpu_item is None else f"{cpu_item:.0f}",
                         s["load-peak-rss-mb"], s["loaded-rss-mb"], s["after-reads-rss-mb"], f"{s['disk-mb']} ({s.get('wal-mb', '-')})"])
        out.append(table(["items", "partitions", "load seconds", "load items/s", "server CPU µs/item", "peak RSS while loading, MB",
                          "RSS after loading, MB", "RSS after the reads, MB", "on disk after loading, MB (of which WAL)"], rows))
        out.append("")
        rows = []
        for s in sizes:
            for r in find(section="scaling", server=f"DynamoLocal, {s['items']} items"):
                rows.append([grouped(num(s["items"])), r["op"], r["connections"], grouped(rps(r)), r.get("p50-ms"), r.get("p99-ms"),
                             r.get("p999-ms"), r.get("errors"), r.get("cpu-us")])
        out.append(table(["items", "operation", "connections", "requests/s", "p50 ms", "p99 ms", "p99.9 ms", "errors",
                          "server CPU µs/request"], rows))
        out.append("")
        if len(sizes) >= 2:
            small, large = sizes[0], sizes[-1]
            rows = []
            for op in ("GetItem", "Query", "PutItem"):
                a = one(section="scaling", server=f"DynamoLocal, {small['items']} items", op=op)
                b = one(section="scaling", server=f"DynamoLocal, {large['items']} items", op=op)
                if a and b:
                    rows.append([op, ratio(num(b.get("p50-ms")), num(a.get("p50-ms"))), ratio(num(b.get("p99-ms")), num(a.get("p99-ms"))),
                                 ratio(rps(b), rps(a)), ratio(cpu(b), cpu(a))])
            out.append(table([f"{grouped(num(large['items']))} / {grouped(num(small['items']))} items", "p50 ratio", "p99 ratio",
                              "requests/s ratio", "CPU/request ratio"], rows))
            out.append("")
        rows = []
        for s in sizes:
            for r in find(section="scaling-1", server=f"DynamoLocal, {s['items']} items"):
                rows.append([grouped(num(s["items"])), r["op"], grouped(rps(r)), r.get("p50-ms"), r.get("p99-ms"), r.get("cpu-us")])
        if rows:
            out.append("With one connection (latency without queueing; at 32 connections the server is busy all the time, "
                       "so a p50 there is about 32 / requests per second):\n")
            out.append(table(["items", "operation", "requests/s", "p50 ms", "p99 ms", "server CPU µs/request"], rows))
            out.append("")

    # Large scan.
    big = one(section="large-scan")
    if big:
        ld = one(section="large-load")
        items, item_bytes = num(big["items"]), num(big["item-bytes"])
        data_mb = items * item_bytes / 1e6
        out.append("### Large Scan and Query (memory while paging)\n")
        out.append(f"{grouped(items)} items with a {grouped(item_bytes)}-character payload, about {data_mb:,.0f} MB, in 2 partitions, "
                   f"on disk (`-dbPath` under {args.tmpdir}; {big['disk-mb']} MB on disk after loading, {big.get('wal-mb', '-')} MB of it WAL), loaded with BatchWriteItem "
                   f"({big['batch']} items per request) at {big['load-connections']} connections in {ld and ld.get('seconds')} s "
                   f"({(data_mb / num(ld.get('seconds'), 1)) if ld else 0:,.0f} MB/s; server peak RSS while loading {big['load-peak-rss-mb']} MB). "
                   "Then Scan over the whole table and Query over partition `conv#0` (half of it), one 1 MB page at a time "
                   "(default page size, following LastEvaluatedKey), with the server's VmRSS sampled every 100 ms.\n")
        rows = []
        for op, what in (("ScanAll", "Scan, whole table"), ("QueryAll", "Query, partition conv#0")):
            r = one(section="large-read", op=op)
            m = one(section="large-rss", op=op)
            if not r or not m:
                continue
            read_mb = num(r.get("bytes"), 0) / 1e6
            secs = num(r.get("seconds"), 0)
            peak = num(m["peak-rss-mb"])
            rows.append([what, grouped(num(r.get("pages"))), grouped(num(r.get("items"))), f"{read_mb:,.0f}", r.get("seconds"),
                         f"{read_mb / secs:,.0f}" if secs else "-", r.get("cpu-us"), m["rss-before-mb"], m["peak-rss-mb"],
                         f"{peak - num(m['rss-before-mb'], 0):+.1f}", f"{100 * peak / read_mb:.1f}%" if read_mb else "-", m["samples"]])
        out.append(table(["read", "pages", "items", "data read, MB", "seconds", "MB/s", "server CPU µs/page", "RSS before, MB",
                          "peak RSS, MB", "peak − before, MB", "peak RSS / data read", "RSS samples"], rows))
        out.append("")

    # Verdict.
    out.append("### Verdict against issue 7's targets\n")
    verdict = []

    def line(target, measured, ok):
        verdict.append([target, measured, "-" if ok is None else ("met" if ok else "**not met**")])

    conns_note = "" if args.connections == 32 else f" (measured at {args.connections})"
    dl_put = one(section="main", server=dl, op="PutItem")
    dl_query = one(section="main", server=dl, op="Query")
    dl_batch = one(section="main", server=dl, op="BatchWriteItem")
    small = sizes[0] if sizes else None
    disk_put = one(section="scaling", server=f"DynamoLocal, {small['items']} items", op="PutItem") if small else None
    c = cpu(dl_get)
    line("server CPU ≤ 30 µs per GetItem", f"{c:.0f} µs (in memory, {args.connections} connections)" if c is not None else "not measured",
         None if c is None else c <= 30)
    c = cpu(dl_put)
    if c is not None:
        text = f"{c:.0f} µs in memory"
        if disk_put:
            text += f"; {disk_put.get('cpu-us')} µs on disk ({grouped(num(small['items']))}-item table)"
        if cpu(disk_put) is None or (c <= 60) == (cpu(disk_put) <= 60):
            line("server CPU ≤ 60 µs per PutItem", text, c <= 60)
        else:
            verdict.append(["server CPU ≤ 60 µs per PutItem", text,
                            "met in memory; **not met** on disk" if c <= 60 else "**not met** in memory; met on disk"])
    else:
        line("server CPU ≤ 60 µs per PutItem", "not measured", None)
    r = rps(dl_get)
    line(f"≥ 30,000 GetItem/s at 32 connections{conns_note}", grouped(r) + "/s" if r else "not measured", None if r is None else r >= 30000)
    if disk_put:
        r = rps(disk_put)
        line(f"≥ 20,000 PutItem/s at 32 connections, durable against a process crash{conns_note}",
             f"{grouped(r)}/s on disk ({grouped(num(small['items']))}-item table); in memory (not durable) {grouped(rps(dl_put))}/s",
             r >= 20000)
    else:
        r = rps(dl_put)
        line(f"≥ 20,000 PutItem/s at 32 connections, durable against a process crash{conns_note}",
             f"{grouped(r)}/s in memory only, which is not durable; --scaling measures it on disk", None)
    r = rps(dl_query)
    line(f"≥ 15,000 Query/s (Limit 25) at 32 connections{conns_note}", grouped(r) + "/s" if r else "not measured",
         None if r is None else r >= 15000)
    r = rps(dl_batch)
    items_s = r * 25 if r is not None else None
    text = f"{grouped(items_s)} items/s in memory ({grouped(r)} requests/s of 25)" if r is not None else "not measured"
    big_load = one(section="scaling-load", server=f"DynamoLocal, {sizes[-1]['items']} items") if sizes else None
    if big_load:
        text += f"; loading the {grouped(num(sizes[-1]['items']))}-item table on disk: {grouped(num(big_load.get('items-per-second')))} items/s"
    line(f"≥ 100,000 items/s with BatchWriteItem at 32 connections{conns_note}", text, None if items_s is None else items_s >= 100000)
    for op in ("GetItem", "PutItem"):
        r = one(section="latency", server=dl, op=op)
        p = num(r.get("p99-ms")) if r else None
        line(f"p99 < 5 ms for {op} at 8 connections" + ("" if args.latency_connections == 8 else f" (measured at {args.latency_connections})"),
             f"{r.get('p99-ms')} ms (p50 {r.get('p50-ms')}, p99.9 {r.get('p999-ms')})" if r else "not measured",
             None if p is None else p < 5)
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        for op in ("GetItem", "Query"):
            measured = []
            for section, what in (("scaling", f"{args.connections} connections"), ("scaling-1", "one connection")):
                a = one(section=section, server=f"DynamoLocal, {small['items']} items", op=op)
                b = one(section=section, server=f"DynamoLocal, {large['items']} items", op=op)
                if a and b:
                    r50 = num(b.get("p50-ms")) / max(num(a.get("p50-ms"), 0), 0.01)
                    r99 = num(b.get("p99-ms")) / max(num(a.get("p99-ms"), 0), 0.01)
                    measured.append((what, f"{what}: p50 {a.get('p50-ms')} → {b.get('p50-ms')} ms ({r50:.2f}x), "
                                           f"p99 {a.get('p99-ms')} → {b.get('p99-ms')} ms ({r99:.2f}x)", r50 <= 1.5 and r99 <= 1.5))
            if not measured:
                continue
            target = f"{op} latency, {grouped(num(large['items']))} items within 1.5x of {grouped(num(small['items']))}"
            text = "; ".join(m[1] for m in measured)
            if all(m[2] for m in measured) or not any(m[2] for m in measured):
                line(target, text, measured[0][2])
            else:
                verdict.append([target, text, "; ".join(("met at " if m[2] else "**not met** at ") + m[0] for m in measured)])
        ld = one(section="scaling-load", server=f"DynamoLocal, {large['items']} items")
        line(f"load time and RSS for {grouped(num(large['items']))} items reported",
             f"{ld and ld.get('seconds')} s ({grouped(num(ld and ld.get('items-per-second')))} items/s); RSS {large['loaded-rss-mb']} MB after "
             f"loading, {large['load-peak-rss-mb']} MB at most while loading; {large['disk-mb']} MB on disk", True)
    else:
        line("Query and GetItem latency, 1,000,000 items within 1.5x of 10,000", "not measured (--scaling)", None)
    s = one(section="server", server=dl)
    if s:
        line("start to first answered request < 20 ms", f"{s['start-ms']} ms (median)", num(s["start-ms"]) < 20)
        line("idle RSS < 15 MB", f"{s['idle-rss-mb']} MB", num(s["idle-rss-mb"]) < 15)
    if big:
        parts, ok = [], True
        for op, what in (("ScanAll", "Scan"), ("QueryAll", "Query")):
            r, m = one(section="large-read", op=op), one(section="large-rss", op=op)
            if r and m:
                read_mb = num(r.get("bytes"), 0) / 1e6
                peak = num(m["peak-rss-mb"])
                growth = peak - num(m["rss-before-mb"], 0)
                parts.append(f"{what}: RSS grew {growth:+.1f} MB while reading {read_mb:,.0f} MB (peak {peak:.0f} MB)")
                # Bounded: paging does not accumulate what it has read (growth under 5% of it).
                ok = ok and growth < 0.05 * read_mb
        line("memory bounded while Scan and Query page through 1 GB (here: RSS grows by less than 5% of the data read)",
             "; ".join(parts), ok)
    else:
        line("memory bounded while large Scans and Queries page through 1 GB", "not measured (--large-scan)", None)
    out.append(table(["target", "measured", "verdict"], verdict))
    print("\n" + "\n".join(out))


if __name__ == "__main__":
    sys.exit(main())
