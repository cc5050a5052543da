#!/usr/bin/env python3
# Issue 17: where the server's time per market goes. Server CPU (log_statement_stats, summed from the
# server's log) per 1000 markets of BenchRecords' shape, one transaction per 1000: COPY into an
# empty markets table; the writer's upsert shape (INSERT ... SELECT ... ON CONFLICT(ticker) DO UPDATE
# of every column) of new markets; of the same markets with moved prices and volumes (one in a
# hundred closes); rounds 2-5 of that; of unchanged markets (only updated_at moves). Each on a fresh
# database migrated with resources/sql/postgresql/0*.sql, then a variant of the schema.
# Needs a running server (PgTestServer's options: fsync, synchronous_commit and full_page_writes off,
# locale C) with a superuser, whose log is a file this script can read (KM_PG_LOG), and a folder the
# server may write into (KM_PG_CSV) for COPY's files. Usage (docs/performance.md, schema 10):
#   KM_PG_PORT=55432 KM_PG_USER=bench KM_PG_LOG=/path/server.log KM_PG_CSV=/tmp/csv ROWS=20000 REPS=3 \
#     tests/bench/pg-markets-cost.py [variant ...]
import subprocess, sys, re, glob, os
PSQL = ['psql', '-h', '127.0.0.1', '-p', os.environ.get('KM_PG_PORT', '55432'), '-U', os.environ.get('KM_PG_USER', 'bench'), '-X', '-q', '-v', 'ON_ERROR_STOP=1']
ROWS = int(os.environ.get('ROWS', '50000')); BATCH = 1000
REPO = os.environ.get('REPO', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
COLS = "ticker, event_ticker, series_ticker, market_type, title, subtitle, yes_sub_title, no_sub_title, status, result, open_time, close_time, expiration_time, settlement_ts, yes_bid, yes_ask, no_bid, no_ask, last_price, volume, volume_24h, open_interest, liquidity, updated_at"
GEN = """
CREATE UNLOGGED TABLE gen AS
SELECT n, r,
  ev AS event_ticker, ev || '-M' || n AS ticker, NULL::text AS series_ticker, 'binary' AS market_type,
  'Will Initial jobless claims be above ' || (200 + n % 700) || ' on Dec ' || (1 + (n/8) % 28) || ', 2026?' AS title,
  'Above ' || (200 + n % 700) AS subtitle, 'Above ' || (200 + n % 700) AS yes_sub_title,
  'Not above ' || (200 + n % 700) AS no_sub_title,
  CASE WHEN n % 23 = 0 OR (r > 0 AND n % 100 = r % 100) THEN 'closed' ELSE 'active' END AS status, NULL::text AS result,
  1790000000::bigint + (n % 5000) * 60 AS open_time,
  CASE WHEN r > 0 AND n % 100 = r % 100 THEN 1700000000::bigint + n ELSE 1798000000::bigint + (n % 9000) * 60 END AS close_time,
  1798000000::bigint + (n % 9000) * 60 + 3600 AS expiration_time, NULL::bigint AS settlement_ts,
  b AS yes_bid, b + 30000 AS yes_ask, 1000000 - (b + 30000) AS no_bid, 1000000 - b AS no_ask, b + 10000 AS last_price,
  (n % 1000)::bigint * 38470 + r * 100 AS volume, (n % 300)::bigint * 611 + r AS volume_24h,
  (n % 700)::bigint * 13080 + r AS open_interest, (n % 400)::bigint * 176078400 AS liquidity,
  1800000000::bigint + r AS updated_at
FROM (SELECT n, r, 'KXSIM' || ((n/8) % 97) || '-26DEC' || lpad((1 + (n/8) % 28)::text, 2, '0') || '-E' || (n/8) AS ev,
             10000::bigint * ((n * 7 + r * 3) % 97 + 1) AS b
      FROM generate_series(0, ROWSM1) AS n, generate_series(0, 5) AS r) AS g;
""".replace("ROWSM1", str(ROWS - 1))

def psql(db, sql):
    p = subprocess.run(PSQL + ['-d', db], input=sql, capture_output=True, text=True)
    if p.returncode: sys.exit(p.stderr)
    return p.stdout + p.stderr

def fresh(db, variant):
    subprocess.run(PSQL + ['-d', 'postgres', '-c', 'DROP DATABASE IF EXISTS ' + db], check=True, capture_output=True)
    subprocess.run(PSQL + ['-d', 'postgres', '-c', 'CREATE DATABASE ' + db], check=True, capture_output=True)
    mig = ''.join(open(f).read() + '\n' for f in sorted(glob.glob(REPO + '/resources/sql/postgresql/0*.sql')))
    psql(db, mig + variant + GEN + """
INSERT INTO events(ticker, series_ticker, title, is_placeholder, updated_at)
SELECT DISTINCT event_ticker, split_part(event_ticker, '-', 1), event_ticker, 1, 1 FROM gen;
CREATE INDEX gen_rn ON gen(r, n);
VACUUM ANALYZE;""")

LOG = os.environ.get('KM_PG_LOG', '/tmp/pgrate/srv/log')
CSV = os.environ.get('KM_PG_CSV', '/tmp/pgrate/csv')
def timed(db, statements):
    start = os.path.getsize(LOG)
    out = psql(db, 'SET log_statement_stats = on;\n' + ''.join(s + '\n' for s in statements))
    import time; time.sleep(0.3)
    with open(LOG) as f:
        f.seek(start); text = f.read()
    cpu = sum(float(u) + float(s) for u, s in re.findall(r'!\s+([0-9.]+) s user, ([0-9.]+) s system', text))
    return cpu * 1000

def batches(tmpl, r):
    return [tmpl.format(lo=lo, hi=lo + BATCH - 1, r=r) for lo in range(0, ROWS, BATCH)]

UPSERT = ("INSERT INTO markets(" + COLS + ") SELECT " + COLS + " FROM gen WHERE r = {r} AND n BETWEEN {lo} AND {hi} "
          "ORDER BY n ON CONFLICT(ticker) DO UPDATE SET " + ", ".join(c.strip() + " = excluded." + c.strip() for c in COLS.split(',')[1:]) + ";")
COPY = "COPY markets(" + COLS + ") FROM '" + CSV + "/m{lo}.csv';"

VARIANTS = {
 # The variants change the repository's current schema (since version 10 without the foreign key
 # from markets to events; event_fk puts version 9's back).
 'as_is': '',
 'event_fk': 'ALTER TABLE markets ADD CONSTRAINT markets_event_ticker_fkey FOREIGN KEY (event_ticker) REFERENCES events(ticker);',
 'no_event_idx': 'DROP INDEX markets_event;',
 'no_status_idx': 'DROP INDEX markets_status;',
 'no_close_idx': 'DROP INDEX markets_close_time;',
 'no_volume_idx': 'DROP INDEX markets_status_volume_24h;',
 'no_volume_idx_ff80': 'DROP INDEX markets_status_volume_24h; ALTER TABLE markets SET (fillfactor = 80);',
 'minimal': 'DROP INDEX markets_event; DROP INDEX markets_status; DROP INDEX markets_close_time; DROP INDEX markets_status_volume_24h;',
 'ff80': 'ALTER TABLE markets SET (fillfactor = 80);',
 'ff50': 'ALTER TABLE markets SET (fillfactor = 50);',
}
if __name__ == '__main__':
    names = sys.argv[1:] or list(VARIANTS)
    rounds = int(os.environ.get('REPS', '1'))
    first = True
    for rep in range(rounds):
        for name in names:
            db = 'exp_' + name
            fresh(db, VARIANTS[name])
            if first:
                psql(db, ''.join(("COPY (SELECT %s FROM gen WHERE r = 0 AND n BETWEEN %d AND %d ORDER BY n) TO '" + CSV + "/m%d.csv';\n") % (COLS, lo, lo + BATCH - 1, lo) for lo in range(0, ROWS, BATCH)))
                first = False
            t_copy = timed(db, batches(COPY, 0))
            psql(db, 'TRUNCATE markets CASCADE; VACUUM ANALYZE markets;')
            t_new = timed(db, batches(UPSERT, 0))
            psql(db, 'VACUUM ANALYZE markets;')
            t_upd = timed(db, batches(UPSERT, 1))
            moved = []
            for r in (2, 3, 4, 5):
                moved.append(timed(db, batches(UPSERT, r)))
            psql(db, 'VACUUM ANALYZE markets;')
            t_same = timed(db, batches(UPSERT.replace("SELECT " + COLS + " FROM gen", "SELECT " + COLS.replace("updated_at", "updated_at + 7") + " FROM gen"), 1))
            load = open('/proc/loadavg').read().split()[0]
            print('%-20s COPY %6.0f/s  upsert-new %6.0f/s  upsert-moved %6.0f/s  upsert-unchanged %6.0f/s (ms/1000: %.1f %.1f %.1f %.1f) load %s  moved rounds 2-5 ms/1000: %s' % (
                name, ROWS / t_copy * 1000, ROWS / t_new * 1000, ROWS / t_upd * 1000, ROWS / t_same * 1000,
                t_copy / (ROWS / BATCH), t_new / (ROWS / BATCH), t_upd / (ROWS / BATCH), t_same / (ROWS / BATCH), load, ' '.join('%.1f' % (m / (ROWS / BATCH)) for m in moved)), flush=True)
