#!/usr/bin/env bash
# Runs Kalshi Monitor under Xvfb in demo mode (the bundled simulator, a fresh demo database),
# syncs, switches through every view and saves one PNG per view into a folder.
# Usage: scripts/screenshots.sh [OUTPUT_DIR] [--lang CODE]    (default docs/screenshots, en)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/docs/screenshots}"
lang="en"
if [ "${2:-}" = "--lang" ]; then lang="${3:-en}"; fi
"$root/scripts/install-deps.sh" >/dev/null
"$root/scripts/build.sh" >/dev/null
build="${KM_BUILD_DIR:-$root/build}"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Short collection intervals so that a half-minute session already draws a price history.
mkdir -p "$work/config/kalshi-monitor"
cat > "$work/config/kalshi-monitor/kalshi-monitor.conf" <<CONF
[collection]
snapshot\\interval=2s
markets\\interval=1m
settlements\\interval=10m
CONF

cat > "$work/window.sh" <<WINDOW
# Waits for the app's window, then places and focuses it: no window manager runs under Xvfb, so
# the session scripts do it; keys go through XTEST. \$1: the app's log, shown if no window appears.
show_window() {
    for _ in \$(seq 1 100); do
        # By class: xdotool --name did not find the title once it no longer began with the app name;
        # the first mapped one, as Qt's hidden helper windows share the class.
        win=""
        for candidate in \$(xdotool search --class "kalshi-monitor" 2>/dev/null || true); do
            if xwininfo -id "\$candidate" 2>/dev/null | grep IsViewable >/dev/null; then win=\$candidate; break; fi
        done
        [ -n "\$win" ] && break
        sleep 0.1
    done
    [ -n "\$win" ] || { echo "the window did not appear" >&2; cat "\$1" >&2; exit 1; }
    xdotool windowsize "\$win" 1280 800 windowmove "\$win" 0 0
    sleep 0.5
    xdotool windowfocus --sync "\$win"
}
WINDOW

cat > "$work/session.sh" <<SESSION
#!/usr/bin/env bash
set -euo pipefail
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
source "$work/window.sh"
"$build/app/gui/kalshi-monitor" --demo --lang "$lang" --db "$work/demo.db" >"$work/app.log" 2>&1 &
app=\$!
show_window "$work/app.log"
sleep 1
key() { xdotool windowfocus --sync "\$win"; xdotool key "\$@"; }
shot() { key "\$1"; sleep "\${3:-1.5}"; import -window root -crop 1280x800+0+0 "$out/\$2.png"; }
key F5                                   # Sync now: a full sync against the simulator
sleep 0.6
import -window root -crop 1280x800+0+0 "$out/dashboard-syncing.png"
sleep 6
key ctrl+k                               # Collect: initial full sync, then a snapshot every 2 s
# Watch the six busiest open markets and alert on their moves, through the CLI beside the app (as a
# user would): the app's writer evaluates the rules at each snapshot it commits.
watched=\$(sqlite3 "$work/demo.db" "SELECT ticker FROM markets WHERE status = 'active' AND ticker NOT LIKE 'KXMVE%' ORDER BY volume DESC LIMIT 6")
"$build/app/cli/kalshi-monitor-cli" watch add --db "$work/demo.db" \$watched >/dev/null
for t in \$watched; do
    "$build/app/cli/kalshi-monitor-cli" alerts add --db "$work/demo.db" --ticker "\$t" --move 1 --within 10m >/dev/null
done
sleep 30
shot ctrl+1 dashboard
shot ctrl+2 collection
shot ctrl+3 browser
# The chart of the open market with the most volume: type its ticker into the chart's search box.
ticker=\$(sqlite3 "$work/demo.db" "SELECT ticker FROM markets WHERE status = 'active' AND ticker NOT LIKE 'KXMVE%' ORDER BY volume DESC LIMIT 1")
echo "chart of \$ticker" >&2
key ctrl+4
sleep 0.5
xdotool mousemove 400 103 click 1
xdotool type --delay 20 "\$ticker"
key Return
sleep 1
key Escape
sleep 1
import -window root -crop 1280x800+0+0 "$out/chart.png"
shot ctrl+5 log
key ctrl+q                               # Quit while collecting: it asks first (Xvfb has no tray)
sleep 1
import -window root -crop 1280x800+0+0 "$out/quit-confirmation.png"
xdotool windowfocus --sync "\$(xdotool search --name 'Quit Kalshi Monitor' | head -1)" key Escape
sleep 0.5
shot ctrl+6 watchlist
shot ctrl+7 alerts
# Add Rule… for the newest firing's market: any market of its event moving 5 cents, with a window the
# dialog refuses (its message names the field).
xdotool mousemove 700 145 click 1
sleep 0.5
key alt+a
sleep 1.5
dialog=\$(xdotool search --name 'Add Alert Rule' | head -1)
xdotool windowfocus --sync "\$dialog" key alt+w Down alt+d Down Tab
xdotool type --delay 20 5
xdotool key Tab
xdotool type --delay 20 2h30
xdotool key Return
sleep 1
import -window root -crop 1280x800+0+0 "$out/alert-rule-dialog.png"
xdotool key Escape
sleep 0.5
key ctrl+comma                           # Settings > Storage: prune choices and the size of every table
sleep 1
settings=\$(xdotool search --name '^Settings' | head -1)
xdotool windowfocus --sync "\$settings" key alt+o
sleep 2
import -window root -crop 1280x800+0+0 "$out/storage.png"
xdotool windowfocus --sync "\$settings" key Escape
sleep 0.5
key ctrl+k                               # collection off
sleep 1
kill -TERM \$app
wait \$app
SESSION
chmod +x "$work/session.sh"
xvfb-run -a -s "-screen 0 1280x800x24" "$work/session.sh"

# A first launch on an empty database whose API address refuses connections: the hint, then the
# trouble line while the requests are retried, then the failure with its hint and Retry button.
cat > "$work/trouble.sh" <<SESSION
#!/usr/bin/env bash
set -euo pipefail
export XDG_CONFIG_HOME="$work/config-trouble" XDG_DATA_HOME="$work/data"
source "$work/window.sh"
"$build/app/gui/kalshi-monitor" --lang "$lang" --db "$work/empty.db" --api-base "http://127.0.0.1:9/trade-api/v2" \
    >"$work/app-trouble.log" 2>&1 &
app=\$!
show_window "$work/app-trouble.log"
sleep 1
import -window root -crop 1280x800+0+0 "$out/first-launch.png"
xdotool key F5
sleep 2.5
import -window root -crop 1280x800+0+0 "$out/connection-retrying.png"
sleep 40                                 # six attempts: 1 + 2 + 4 + 8 + 16 s of backoff at most
import -window root -crop 1280x800+0+0 "$out/connection-failed.png"
kill -TERM \$app
wait \$app
SESSION
chmod +x "$work/trouble.sh"
xvfb-run -a -s "-screen 0 1280x800x24" "$work/trouble.sh"

# A big table: 200,000 markets synced from a local kalshi-sim with the CLI, then the browser
# scrolled to its end (End) and the row context menu.
cat > "$work/big.sh" <<SESSION
#!/usr/bin/env bash
set -euo pipefail
export XDG_CONFIG_HOME="$work/config-big" XDG_DATA_HOME="$work/data"
source "$work/window.sh"
port=\$(( 20000 + RANDOM % 20000 ))
"$build/app/sim/kalshi-sim" --port \$port --markets 200000 --settled 0 >"$work/sim.log" 2>&1 &
sim=\$!
sleep 2
"$build/app/cli/kalshi-monitor-cli" sync-markets --db "$work/big.db" --api-base "http://127.0.0.1:\$port/trade-api/v2" \
    --rate-limit 0 >"$work/cli.log" 2>&1
kill \$sim; wait \$sim || true
"$build/app/gui/kalshi-monitor" --lang "$lang" --db "$work/big.db" --api-base "http://127.0.0.1:9/trade-api/v2" \
    >"$work/app-big.log" 2>&1 &
app=\$!
show_window "$work/app-big.log"
xdotool key ctrl+3                       # Browser, Markets: open markets by 24 h volume
sleep 2
xdotool mousemove 600 300 click 1        # a row, then End
sleep 0.5
xdotool key End
sleep 1.5
import -window root -crop 1280x800+0+0 "$out/browser-end.png"
xdotool mousemove 600 500 click 3        # the row context menu
sleep 1
import -window root -crop 1280x800+0+0 "$out/browser-menu.png"
xdotool key Escape
sleep 0.3
kill -TERM \$app
wait \$app
SESSION
chmod +x "$work/big.sh"
xvfb-run -a -s "-screen 0 1280x800x24" "$work/big.sh"

# Kalshi's history: an open and a settled market backfilled with the CLI from a local kalshi-sim,
# three snapshots on top, then the chart of each.
cat > "$work/history.sh" <<SESSION
#!/usr/bin/env bash
set -euo pipefail
export XDG_CONFIG_HOME="$work/config-history" XDG_DATA_HOME="$work/data"
source "$work/window.sh"
port=\$(( 20000 + RANDOM % 20000 ))
"$build/app/sim/kalshi-sim" --port \$port --markets 300 --events 30 --settled 60 --seed 5 >"$work/sim-history.log" 2>&1 &
sim=\$!
sleep 2
api="http://127.0.0.1:\$port/trade-api/v2"
cli() { "$build/app/cli/kalshi-monitor-cli" "\$@" --db "$work/history.db" --api-base "\$api" --rate-limit 0 >>"$work/cli-history.log" 2>&1; }
cli full-sync
open=\$(sqlite3 "$work/history.db" "SELECT ticker FROM markets WHERE status = 'active' AND ticker NOT LIKE 'KXMVE%' ORDER BY volume DESC LIMIT 1")
settled=\$(sqlite3 "$work/history.db" "SELECT ticker FROM settlements WHERE ticker NOT LIKE 'KXMVE%' ORDER BY settled_at DESC LIMIT 1")
cli backfill --ticker "\$open" --period 1h --since 14d
cli backfill --ticker "\$settled" --period 1h
for _ in 1 2 3; do cli snapshot; sleep 1; done
kill \$sim; wait \$sim || true
"$build/app/gui/kalshi-monitor" --lang "$lang" --db "$work/history.db" --api-base "http://127.0.0.1:9/trade-api/v2" \
    >"$work/app-history.log" 2>&1 &
app=\$!
show_window "$work/app-history.log"
chart() {
    xdotool key ctrl+4
    sleep 0.5
    xdotool mousemove 400 103 click 1 key ctrl+a
    xdotool type --delay 20 "\$1"
    xdotool key Return
    sleep 1.5
    xdotool key Escape
    sleep 0.5
    import -window root -crop 1280x800+0+0 "$out/\$2.png"
}
chart "\$open" chart-history
chart "\$settled" chart-settled
kill -TERM \$app
wait \$app
SESSION
chmod +x "$work/history.sh"
xvfb-run -a -s "-screen 0 1280x800x24" "$work/history.sh"
ls -1 "$out"/*.png
