<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
<context>
    <name>AlertsWidget</name>
    <message numerus="yes">
        <source>The latest %n firing(s), newest first. Double-click one to open its chart.</source>
        <translation>
            <numerusform>%n firing. Double-click it to open its chart.</numerusform>
            <numerusform>The latest %n firings, newest first. Double-click one to open its chart.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CollectionPanel</name>
    <message numerus="yes">
        <source>in %n day(s) %1 h</source>
        <translation>
            <numerusform>in %n day %1 h</numerusform>
            <numerusform>in %n days %1 h</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DashboardWidget</name>
    <message numerus="yes">
        <source>%Ln row(s)</source>
        <translation>
            <numerusform>%Ln row</numerusform>
            <numerusform>%Ln rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %2, %Ln page(s), %3 in %4</source>
        <translation>
            <numerusform>%1: %2, %Ln page, %3 in %4</numerusform>
            <numerusform>%1: %2, %Ln pages, %3 in %4</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The last %1 run read %Ln page(s)</source>
        <translation>
            <numerusform>The last %1 run read %Ln page</numerusform>
            <numerusform>The last %1 run read %Ln pages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message numerus="yes">
        <source>%Ln row(s)</source>
        <translation>
            <numerusform>%Ln row</numerusform>
            <numerusform>%Ln rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln row(s) to %1.</source>
        <translation>
            <numerusform>Exported %Ln row to %1.</numerusform>
            <numerusform>Exported %Ln rows to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LogView</name>
    <message numerus="yes">
        <source>%Ln message(s)</source>
        <translation>
            <numerusform>%Ln message</numerusform>
            <numerusform>%Ln messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln warning(s)</source>
        <translation>
            <numerusform>%Ln warning</numerusform>
            <numerusform>%Ln warnings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln error(s)</source>
        <translation>
            <numerusform>%Ln error</numerusform>
            <numerusform>%Ln errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln shown</source>
        <translation>
            <numerusform>%Ln shown</numerusform>
            <numerusform>%Ln shown</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n page(s) fetched before closing could not be written: another process held the database lock. The next sync fetches them again.</source>
        <translation>
            <numerusform>%n page fetched before closing could not be written: another process held the database lock. The next sync fetches it again.</numerusform>
            <numerusform>%n pages fetched before closing could not be written: another process held the database lock. The next sync fetches them again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s)</source>
        <translation>
            <numerusform>%n alert</numerusform>
            <numerusform>%n alerts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StorageController</name>
    <message numerus="yes">
        <source>Counting: %Ln snapshot row(s) would go so far…</source>
        <translation>
            <numerusform>Counting: %Ln snapshot row would go so far…</numerusform>
            <numerusform>Counting: %Ln snapshot rows would go so far…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Pruning: %Ln snapshot row(s) removed so far…</source>
        <translation>
            <numerusform>Pruning: %Ln snapshot row removed so far…</numerusform>
            <numerusform>Pruning: %Ln snapshot rows removed so far…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Would remove %Ln snapshot row(s).</source>
        <translation>
            <numerusform>Would remove %Ln snapshot row.</numerusform>
            <numerusform>Would remove %Ln snapshot rows.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Would remove %Ln snapshot row(s), about %1.</source>
        <translation>
            <numerusform>Would remove %Ln snapshot row, about %1.</numerusform>
            <numerusform>Would remove %Ln snapshot rows, about %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln older row(s) stay: the last of each market in each hour.</source>
        <translation>
            <numerusform>%Ln older row stays: the last of each market in each hour.</numerusform>
            <numerusform>%Ln older rows stay: the last of each market in each hour.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln older row(s) stay: the last of each market in each day.</source>
        <translation>
            <numerusform>%Ln older row stays: the last of each market in each day.</numerusform>
            <numerusform>%Ln older rows stay: the last of each market in each day.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The prune stopped: %1. %Ln snapshot row(s) were removed before that; nothing else was changed or lost.</source>
        <translation>
            <numerusform>The prune stopped: %1. %Ln snapshot row was removed before that; nothing else was changed or lost.</numerusform>
            <numerusform>The prune stopped: %1. %Ln snapshot rows were removed before that; nothing else was changed or lost.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %Ln snapshot row(s).</source>
        <translation>
            <numerusform>Removed %Ln snapshot row.</numerusform>
            <numerusform>Removed %Ln snapshot rows.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StoragePage</name>
    <message numerus="yes">
        <source>Remove every snapshot older than %n day(s)?</source>
        <translation>
            <numerusform>Remove every snapshot older than %n day?</numerusform>
            <numerusform>Remove every snapshot older than %n days?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Thin the snapshots older than %n day(s) to the last of each hour?</source>
        <translation>
            <numerusform>Thin the snapshots older than %n day to the last of each hour?</numerusform>
            <numerusform>Thin the snapshots older than %n days to the last of each hour?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Thin the snapshots older than %n day(s) to the last of each day?</source>
        <translation>
            <numerusform>Thin the snapshots older than %n day to the last of each day?</numerusform>
            <numerusform>Thin the snapshots older than %n days to the last of each day?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Also remove every snapshot of the markets settled more than %n day(s) ago?</source>
        <translation>
            <numerusform>Also remove every snapshot of the markets settled more than %n day ago?</numerusform>
            <numerusform>Also remove every snapshot of the markets settled more than %n days ago?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncFormat</name>
    <message numerus="yes">
        <source>%1 (gave up after %n attempt(s))</source>
        <translation>
            <numerusform>%1 (gave up after %n attempt)</numerusform>
            <numerusform>%1 (gave up after %n attempts)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln event(s)</source>
        <translation>
            <numerusform>%Ln event</numerusform>
            <numerusform>%Ln events</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln market(s)</source>
        <translation>
            <numerusform>%Ln market</numerusform>
            <numerusform>%Ln markets</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln settlement(s)</source>
        <translation>
            <numerusform>%Ln settlement</numerusform>
            <numerusform>%Ln settlements</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>a snapshot of %Ln market(s)</source>
        <translation>
            <numerusform>a snapshot of %Ln market</numerusform>
            <numerusform>a snapshot of %Ln markets</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>a watchlist snapshot of %Ln market(s)</source>
        <translation>
            <numerusform>a watchlist snapshot of %Ln market</numerusform>
            <numerusform>a watchlist snapshot of %Ln markets</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln candle(s)</source>
        <translation>
            <numerusform>%Ln candle</numerusform>
            <numerusform>%Ln candles</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncJobRunner</name>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n page</numerusform>
            <numerusform>%n pages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WatchlistTableModel</name>
    <message numerus="yes">
        <source>last price of the latest %n snapshot(s)</source>
        <translation>
            <numerusform>last price of %n snapshot</numerusform>
            <numerusform>last price of the latest %n snapshots</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WatchlistWidget</name>
    <message numerus="yes">
        <source>%n watched market(s). Double-click a row to open its chart.</source>
        <translation>
            <numerusform>%n watched market. Double-click a row to open its chart.</numerusform>
            <numerusform>%n watched markets. Double-click a row to open its chart.</numerusform>
        </translation>
    </message>
</context>
</TS>
