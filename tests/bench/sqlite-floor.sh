#!/usr/bin/env bash
# What SQLite alone needs to store 100,000 markets in this schema: INSERT ... SELECT from a temporary
# table, one transaction, no binding, no parsing, no per-page commits, with the writer's PRAGMAs.
# Prints one line per schema variant: the real schema, without the market-id trigger, without the
# three secondary indexes, without both. Compare with download_100k_s of km-bench-sync.
# Usage: tests/bench/sqlite-floor.sh [markets]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
schema="$here/../../resources/sql/001_initial.sql"
count=${1:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pragmas="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;
PRAGMA temp_store=MEMORY; PRAGMA cache_size=-32768;"
load="CREATE TEMP TABLE src AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $count)
  SELECT printf('KXM%07d-%s', (i * 7919) % $count, hex(randomblob(3))) AS ticker,
         printf('EV-%05d', i / 10) AS ev, i FROM n;
INSERT INTO events(ticker, series_ticker, title, is_placeholder, updated_at) SELECT DISTINCT ev, 'S', ev, 1, 0 FROM src;
.timer on
INSERT INTO markets SELECT ticker, ev, 'SER', 'binary', 'Will something happen on day ' || i, 'sub', 'yes', 'no',
  'active', NULL, 1700000000 + i, 1800000000 + i * 13 % 100000, 1800000000, NULL, 450000, 460000, 540000, 550000,
  455000, i * 100, i * 10, i * 5, 123456, 1 FROM src;"

run() {
    local name=$1 drop=$2 db="$work/$1.db"
    sqlite3 "$db" "$pragmas" > /dev/null
    sqlite3 "$db" < "$schema"
    [ -z "$drop" ] || sqlite3 "$db" "$drop"
    local seconds
    seconds=$(printf '%s\n%s\n' "$pragmas" "$load" | sqlite3 "$db" 2>&1 | awk '/^Run Time/ {print $4}')
    echo "sqlite_floor_${name}_s: $seconds (info; $count markets, one INSERT ... SELECT)"
}

run schema ""
run no_trigger "DROP TRIGGER markets_assign_id"
run no_indexes "DROP INDEX markets_status; DROP INDEX markets_close_time; DROP INDEX markets_event"
run bare "DROP TRIGGER markets_assign_id; DROP INDEX markets_status; DROP INDEX markets_close_time; DROP INDEX markets_event"
