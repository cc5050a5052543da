# Stands in for a running collector: every 0.2 s one transaction of 500 new snapshot rows,
# timing how long BEGIN IMMEDIATE waited for the lock. Stops when the file DB.stop (or argv[2]) exists.
# Usage: python3 prune-collector.py DB [STOPFILE] &  kalshi-monitor-cli prune --db DB ...; touch DB.stop
import sqlite3, time, os, sys
db = sys.argv[1]
stop = sys.argv[2] if len(sys.argv) > 2 else db + ".stop"
c = sqlite3.connect(db, isolation_level=None, timeout=30)
now = int(time.time())
waits = []
k = 0
while not os.path.exists(stop):
    t0 = time.monotonic()
    c.execute('BEGIN IMMEDIATE')
    waits.append(time.monotonic() - t0)
    c.executemany('INSERT INTO snapshot_rows(market_id, snapshot_time, yes_bid) VALUES (?, ?, 1)',
                  [(m, now + k) for m in range(1, 501)])
    c.execute('COMMIT')
    k += 1
    time.sleep(0.2)
waits.sort()
print(f"transactions {len(waits)}, rows {len(waits)*500}, wait max {waits[-1]*1000:.0f} ms, "
      f"p95 {waits[int(len(waits)*0.95)]*1000:.0f} ms, median {waits[len(waits)//2]*1000:.0f} ms")
