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
        <source>%1 (gave up after %n attempt(s))</source>
        <translation>
            <numerusform>%1 (gave up after %n attempt)</numerusform>
            <numerusform>%1 (gave up after %n attempts)</numerusform>
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
    <name>LastSync</name>
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
