#!/usr/bin/env bash
# What the markets upsert's shape costs SQLite alone when a listing meets stored markets (a
# collector's snapshot): 200 transactions of 1000 upserts over 200,000 stored markets whose prices
# moved, (a) with every column in DO UPDATE SET, as a textbook upsert does, (b) the writer's shape:
# the indexed columns (event_ticker, status, close_time) left out of the SET list, then an
# UPDATE ... FROM guarded by IS NOT for them. Same final rows; sqlite3 shell, the writer's PRAGMAs.
# Usage: tests/bench/upsert-shape.sh [markets]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sql="$here/../../resources/sql"
count=${1:-200000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pragmas="PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-32768; PRAGMA wal_autocheckpoint=40000;"
columns="ticker, event_ticker, series_ticker, market_type, title, subtitle, yes_sub_title, no_sub_title, status,
  result, open_time, close_time, expiration_time, settlement_ts, yes_bid, yes_ask, no_bid, no_ask, last_price,
  volume, volume_24h, open_interest, liquidity, updated_at"
values() {  # the markets of src rows $1..$2, prices moved by $3
    echo "SELECT ticker, ev, 'SER', 'binary', 'Will something happen on day ' || i, 'sub', 'yes', 'no', 'active', NULL,
  1700000000 + i, 1800000000 + i * 13 % 100000, 1800000000, NULL, 450000 + $3, 460000, 540000, 550000, 455000,
  i * 100 + $3, i * 10, i * 5, 123456, $3 FROM src WHERE rowid BETWEEN $1 AND $2 ORDER BY rowid"
}
unindexed="series_ticker = excluded.series_ticker, market_type = excluded.market_type, title = excluded.title,
  subtitle = excluded.subtitle, yes_sub_title = excluded.yes_sub_title, no_sub_title = excluded.no_sub_title,
  result = excluded.result, open_time = excluded.open_time, expiration_time = excluded.expiration_time,
  settlement_ts = excluded.settlement_ts, yes_bid = excluded.yes_bid, yes_ask = excluded.yes_ask,
  no_bid = excluded.no_bid, no_ask = excluded.no_ask, last_price = excluded.last_price, volume = excluded.volume,
  volume_24h = excluded.volume_24h, open_interest = excluded.open_interest, liquidity = excluded.liquidity,
  updated_at = excluded.updated_at"
indexed="event_ticker = excluded.event_ticker, status = excluded.status, close_time = excluded.close_time"

base="$work/base.db"
sqlite3 "$base" "PRAGMA journal_mode=WAL" > /dev/null
for file in "$sql"/[0-9][0-9][0-9]_*.sql; do sqlite3 "$base" < "$file"; done
sqlite3 "$base" "$pragmas
CREATE TABLE src AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $count)
  SELECT printf('KXM%07d-%s', (i * 7919) % $count, hex(randomblob(3))) AS ticker, printf('EV-%05d', i / 10) AS ev, i FROM n;
INSERT INTO events(ticker, series_ticker, title, is_placeholder, updated_at) SELECT DISTINCT ev, 'S', ev, 1, 0 FROM src;
INSERT INTO markets($columns) $(values 1 "$count" 0);
PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null

script() {
    echo "$pragmas"
    echo ".timer on"
    for ((first = 1; first <= count; first += 1000)); do
        local last=$((first + 999)) round=$((first / 1000 + 1))
        echo "BEGIN IMMEDIATE;"
        if [ "$1" = textbook ]; then
            echo "INSERT INTO markets($columns) $(values $first $last $round) ON CONFLICT(ticker) DO UPDATE SET $indexed, $unindexed;"
        else
            echo "INSERT INTO markets($columns) $(values $first $last $round) ON CONFLICT(ticker) DO UPDATE SET $unindexed;"
            echo "UPDATE markets SET event_ticker = v.ev, status = 'active', close_time = v.ct
  FROM (SELECT ticker AS t, ev, 1800000000 + i * 13 % 100000 AS ct FROM src WHERE rowid BETWEEN $first AND $last) AS v
  WHERE markets.ticker = v.t AND (markets.event_ticker IS NOT v.ev OR markets.status IS NOT 'active' OR markets.close_time IS NOT v.ct);"
        fi
        echo "COMMIT;"
    done
}

for shape in textbook writer textbook writer; do
    cp "$base" "$work/run.db"
    seconds=$(script $shape | sqlite3 "$work/run.db" 2>&1 | awk '/^Run Time/ {sum += $4} END {printf "%.3f", sum}')
    echo "upsert_stored_${shape}_s: $seconds (info; $count stored markets upserted in 1000-row transactions)"
done
