#!/usr/bin/env bash
# What SQLite alone needs to store 100,000 markets in this schema: INSERT ... SELECT from a temporary
# table, one transaction, no binding, no parsing, no per-page commits, with the writer's PRAGMAs.
# Prints one line per schema variant: the real schema (every migration in resources/sql applied),
# the real schema without the three secondary indexes, and schema version 1 alone (market ids in
# the market_ids table, filled by a trigger) for comparison. Compare with download_100k_s of
# km-bench-sync. Last, the real schema again, written the way the writer must write it: one
# BEGIN IMMEDIATE transaction per 1000-market page (and its wal_autocheckpoint backstop).
# Usage: tests/bench/sqlite-floor.sh [markets]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sql="$here/../../resources/sql"
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
INSERT_PAGE INSERT INTO markets(ticker, event_ticker, series_ticker, market_type, title, subtitle, yes_sub_title,
  no_sub_title, status, result, open_time, close_time, expiration_time, settlement_ts, yes_bid, yes_ask,
  no_bid, no_ask, last_price, volume, volume_24h, open_interest, liquidity, updated_at)
SELECT ticker, ev, 'SER', 'binary', 'Will something happen on day ' || i, 'sub', 'yes', 'no',
  'active', NULL, 1700000000 + i, 1800000000 + i * 13 % 100000, 1800000000, NULL, 450000, 460000, 540000, 550000,
  455000, i * 100, i * 10, i * 5, 123456, 1 FROM src PAGE_RANGE;"

# The load script: one INSERT ... SELECT of every market, or one per page in its own transaction.
script() {
    local pages=$1 head=${load%%INSERT_PAGE*} insert=${load#*INSERT_PAGE } page
    printf '%s\n%s\n' "$pragmas" "$head"
    if [ "$pages" = one ]; then
        echo "${insert/PAGE_RANGE/}"
        return
    fi
    echo "PRAGMA wal_autocheckpoint = 40000;"
    for ((page = 0; page * 1000 < count; page++)); do
        echo "BEGIN IMMEDIATE;"
        echo "${insert/PAGE_RANGE/WHERE rowid > $((page * 1000)) AND rowid <= $((page * 1000 + 1000)) ORDER BY rowid}"
        echo "COMMIT;"
    done
}

# run <name> <migrations glob> <statements after the migrations> [pages]
run() {
    local name=$1 migrations=$2 drop=$3 pages=${4:-one} db="$work/$1.db" file
    sqlite3 "$db" "$pragmas" > /dev/null
    for file in $sql/$migrations; do
        sqlite3 "$db" < "$file"
    done
    [ -z "$drop" ] || sqlite3 "$db" "$drop"
    local seconds how="one INSERT ... SELECT"
    [ "$pages" = one ] || how="one transaction per 1000 markets"
    seconds=$(script "$pages" | sqlite3 "$db" 2>&1 | awk '/^Run Time/ {sum += $4} END {printf "%.3f", sum}')
    echo "sqlite_floor_${name}_s: $seconds (info; $count markets, $how)"
}

run schema "[0-9][0-9][0-9]_*.sql" ""
run no_indexes "[0-9][0-9][0-9]_*.sql" "DROP INDEX markets_status; DROP INDEX markets_close_time; DROP INDEX markets_event"
run v1_trigger "001_*.sql" ""
run per_page "[0-9][0-9][0-9]_*.sql" "" pages
