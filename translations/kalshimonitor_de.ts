<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>AlertRuleDialog</name>
    <message>
        <source>Add Alert Rule</source>
        <translation>Alarmregel hinzufügen</translation>
    </message>
    <message>
        <source>This market</source>
        <translation>Dieser Markt</translation>
    </message>
    <message>
        <source>Any market of its event</source>
        <translation>Jeder Markt seines Ereignisses</translation>
    </message>
    <message>
        <source>Any market of its series</source>
        <translation>Jeder Markt seiner Serie</translation>
    </message>
    <message>
        <source>Price crosses a level</source>
        <translation>Preis überschreitet eine Schwelle</translation>
    </message>
    <message>
        <source>Last price moves</source>
        <translation>Letzter Preis bewegt sich</translation>
    </message>
    <message>
        <source>24h volume jumps</source>
        <translation>24-h-Volumen springt</translation>
    </message>
    <message>
        <source>Status or result changes</source>
        <translation>Status oder Ergebnis ändert sich</translation>
    </message>
    <message>
        <source>above</source>
        <translation>über</translation>
    </message>
    <message>
        <source>below</source>
        <translation>unter</translation>
    </message>
    <message>
        <source>0.65 or 65c</source>
        <translation>0.65 oder 65c</translation>
    </message>
    <message>
        <source>5</source>
        <translation>5</translation>
    </message>
    <message>
        <source>10m</source>
        <translation>10m</translation>
    </message>
    <message>
        <source>1000</source>
        <translation>1000</translation>
    </message>
    <message>
        <source>by at least</source>
        <translation>um mindestens</translation>
    </message>
    <message>
        <source>cents within</source>
        <translation>Cent innerhalb von</translation>
    </message>
    <message>
        <source>contracts between two snapshots</source>
        <translation>Kontrakte zwischen zwei Snapshots</translation>
    </message>
    <message>
        <source>Fires when the market&apos;s status (or its result) differs from the stored one.</source>
        <translation>Löst aus, wenn der Status des Markts (oder sein Ergebnis) vom gespeicherten abweicht.</translation>
    </message>
    <message>
        <source>Shown with every firing (optional)</source>
        <translation>Wird bei jeder Auslösung angezeigt (optional)</translation>
    </message>
    <message>
        <source>&amp;Ticker:</source>
        <translation>&amp;Ticker:</translation>
    </message>
    <message>
        <source>&amp;Watch:</source>
        <translation>&amp;Beobachten:</translation>
    </message>
    <message>
        <source>Con&amp;dition:</source>
        <translation>Be&amp;dingung:</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Notiz:</translation>
    </message>
    <message>
        <source>Add Rule</source>
        <translation>Regel hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Event:</source>
        <translation>&amp;Ereignis:</translation>
    </message>
    <message>
        <source>&amp;Series:</source>
        <translation>&amp;Serie:</translation>
    </message>
    <message>
        <source>Enter the ticker to watch, without spaces.</source>
        <translation>Geben Sie den zu beobachtenden Ticker ohne Leerzeichen ein.</translation>
    </message>
    <message>
        <source>Field: &apos;%1&apos; is not a price field.</source>
        <translation>Feld: „%1“ ist kein Preisfeld.</translation>
    </message>
    <message>
        <source>Direction: &apos;%1&apos; is neither above nor below.</source>
        <translation>Richtung: „%1“ ist weder über noch unter.</translation>
    </message>
    <message>
        <source>Level: enter a price from 0 to 1 dollar, like 0.65 or 65c.</source>
        <translation>Schwelle: Geben Sie einen Preis von 0 bis 1 Dollar ein, etwa 0.65 oder 65c.</translation>
    </message>
    <message>
        <source>Level: &apos;%1&apos; is not a price from 0 to 1 dollar, like 0.65 or 65c.</source>
        <translation>Schwelle: „%1“ ist kein Preis von 0 bis 1 Dollar wie 0.65 oder 65c.</translation>
    </message>
    <message>
        <source>Move: enter a move in cents from 1 to 100.</source>
        <translation>Bewegung: Geben Sie eine Bewegung von 1 bis 100 Cent ein.</translation>
    </message>
    <message>
        <source>Move: &apos;%1&apos; is not a move in cents from 1 to 100.</source>
        <translation>Bewegung: „%1“ ist keine Bewegung von 1 bis 100 Cent.</translation>
    </message>
    <message>
        <source>Within: enter a time like 10m or 2h.</source>
        <translation>Innerhalb: Geben Sie eine Zeit wie 10m oder 2h ein.</translation>
    </message>
    <message>
        <source>Within: &apos;%1&apos; is not a time like 10m or 2h.</source>
        <translation>Innerhalb: „%1“ ist keine Zeit wie 10m oder 2h.</translation>
    </message>
    <message>
        <source>Volume jump: enter a positive number of contracts.</source>
        <translation>Volumensprung: Geben Sie eine positive Zahl von Kontrakten ein.</translation>
    </message>
    <message>
        <source>Volume jump: &apos;%1&apos; is not a positive number of contracts.</source>
        <translation>Volumensprung: „%1“ ist keine positive Zahl von Kontrakten.</translation>
    </message>
</context>
<context>
    <name>AlertRuleText</name>
    <message>
        <source>yes bid</source>
        <translation>Geld (Ja)</translation>
    </message>
    <message>
        <source>yes ask</source>
        <translation>Brief (Ja)</translation>
    </message>
    <message>
        <source>no bid</source>
        <translation>Geld (Nein)</translation>
    </message>
    <message>
        <source>no ask</source>
        <translation>Brief (Nein)</translation>
    </message>
    <message>
        <source>last price</source>
        <translation>letzter Preis</translation>
    </message>
    <message>
        <source>spread</source>
        <translation>Spanne</translation>
    </message>
    <message>
        <source>$%1</source>
        <translation>%1 $</translation>
    </message>
    <message>
        <source>%1¢</source>
        <translation>%1¢</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>any market of event %1</source>
        <translation>jeder Markt des Ereignisses %1</translation>
    </message>
    <message>
        <source>any market of series %1</source>
        <translation>jeder Markt der Serie %1</translation>
    </message>
    <message>
        <source>%1 %2 above %3</source>
        <translation>%1: %2 über %3</translation>
    </message>
    <message>
        <source>%1 %2 below %3</source>
        <translation>%1: %2 unter %3</translation>
    </message>
    <message>
        <source>%1 moves %2 within %3</source>
        <translation>%1 bewegt sich um %2 innerhalb von %3</translation>
    </message>
    <message>
        <source>%1 24h volume jumps by %2 contracts between snapshots</source>
        <translation>%1: 24-h-Volumen springt zwischen zwei Snapshots um %2 Kontrakte</translation>
    </message>
    <message>
        <source>%1 changes status or result</source>
        <translation>%1 ändert Status oder Ergebnis</translation>
    </message>
    <message>
        <source>price above a level</source>
        <translation>Preis über einer Schwelle</translation>
    </message>
    <message>
        <source>price below a level</source>
        <translation>Preis unter einer Schwelle</translation>
    </message>
    <message>
        <source>price move</source>
        <translation>Preisbewegung</translation>
    </message>
    <message>
        <source>24h volume jump</source>
        <translation>Sprung im 24-h-Volumen</translation>
    </message>
    <message>
        <source>status change</source>
        <translation>Statuswechsel</translation>
    </message>
    <message>
        <source>%1 rose above %2</source>
        <translation>%1 stieg über %2</translation>
    </message>
    <message>
        <source>%1 fell below %2</source>
        <translation>%1 fiel unter %2</translation>
    </message>
    <message>
        <source>rose %1 within %2</source>
        <translation>stieg um %1 innerhalb von %2</translation>
    </message>
    <message>
        <source>fell %1 within %2</source>
        <translation>fiel um %1 innerhalb von %2</translation>
    </message>
    <message>
        <source>rose %1</source>
        <translation>stieg um %1</translation>
    </message>
    <message>
        <source>fell %1</source>
        <translation>fiel um %1</translation>
    </message>
    <message>
        <source>24h volume rose by %1 contracts</source>
        <translation>24-h-Volumen stieg um %1 Kontrakte</translation>
    </message>
    <message>
        <source>status changed to %1</source>
        <translation>Status jetzt %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>AlertTableModel</name>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <source>#%1 %2 (removed)</source>
        <translation>#%1 %2 (entfernt)</translation>
    </message>
    <message>
        <source>Fired %1 at the snapshot of %2</source>
        <translation>Ausgelöst %1 beim Snapshot von %2</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Ticker</source>
        <translation>Ticker</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
</context>
<context>
    <name>AlertsWidget</name>
    <message>
        <source>Remove &amp;Rule</source>
        <translation>&amp;Regel entfernen</translation>
    </message>
    <message>
        <source>Double-click a firing to open the chart of its market</source>
        <translation>Doppelklick auf eine Auslösung öffnet den Chart ihres Markts</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>Keine Datenbank geöffnet.</translation>
    </message>
    <message>
        <source>Cannot read the alerts: %1</source>
        <translation>Die Alarme können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>No alert has fired yet.</source>
        <translation>Noch kein Alarm ausgelöst.</translation>
    </message>
    <message numerus="yes">
        <source>The latest %n firing(s), newest first. Double-click one to open its chart.</source>
        <translation>
            <numerusform>%n Auslösung. Doppelklick öffnet ihren Chart.</numerusform>
            <numerusform>Die letzten %n Auslösungen, neueste zuerst. Doppelklick öffnet ihren Chart.</numerusform>
        </translation>
    </message>
    <message>
        <source>The rule could not be removed: %1</source>
        <translation>Die Regel konnte nicht entfernt werden: %1</translation>
    </message>
    <message>
        <source>&amp;Add Rule…</source>
        <translation>Regel h&amp;inzufügen…</translation>
    </message>
    <message>
        <source>Alert rules (also kalshi-monitor-cli alerts add, list, remove):</source>
        <translation>Alarmregeln (auch kalshi-monitor-cli alerts add, list, remove):</translation>
    </message>
    <message>
        <source>Rule #%1: %2</source>
        <translation>Regel Nr. %1: %2</translation>
    </message>
    <message>
        <source>No alert rules yet. Add one with Add Rule… below, or from a market&apos;s menu (Alert Me…) in the browser or watchlist.</source>
        <translation>Noch keine Alarmregeln. Anlegen mit „Regel hinzufügen…“ unten oder im Menü eines Markts („Alarm einrichten…“) in Daten oder Watchlist.</translation>
    </message>
    <message>
        <source>The rule could not be added: %1</source>
        <translation>Die Regel konnte nicht hinzugefügt werden: %1</translation>
    </message>
    <message>
        <source>No database is open, so there is nowhere to keep an alert rule: choose a database in Settings (Ctrl+,) first.</source>
        <translation>Es ist keine Datenbank geöffnet, in der eine Alarmregel gespeichert werden könnte: Wählen Sie zuerst in den Einstellungen (Strg+,) eine Datenbank.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>AppSettings</name>
    <message>
        <source>“%1” is not production, demo or custom</source>
        <translation>„%1“ ist weder production noch demo noch custom</translation>
    </message>
    <message>
        <source>“%1” is not a number</source>
        <translation>„%1“ ist keine Zahl</translation>
    </message>
    <message>
        <source>Enter the address of the API, for example https://demo-api.kalshi.co/trade-api/v2.</source>
        <translation>Geben Sie die Adresse der API ein, zum Beispiel https://demo-api.kalshi.co/trade-api/v2.</translation>
    </message>
    <message>
        <source>This is not a valid web address.</source>
        <translation>Dies ist keine gültige Webadresse.</translation>
    </message>
    <message>
        <source>The address must start with https:// (or http:// for a local test server).</source>
        <translation>Die Adresse muss mit https:// beginnen (oder mit http:// für einen lokalen Testserver).</translation>
    </message>
    <message>
        <source>The address has no host name.</source>
        <translation>Die Adresse enthält keinen Hostnamen.</translation>
    </message>
    <message>
        <source>Choose the database file.</source>
        <translation>Wählen Sie die Datenbankdatei.</translation>
    </message>
    <message>
        <source>Enter the full path of the file, for example %1.</source>
        <translation>Geben Sie den vollständigen Pfad der Datei ein, zum Beispiel %1.</translation>
    </message>
    <message>
        <source>%1 is a folder: choose a file in it, for example %2.</source>
        <translation>%1 ist ein Ordner: Wählen Sie eine Datei darin, zum Beispiel %2.</translation>
    </message>
    <message>
        <source>%1 is not between %2 and %3 requests per second.</source>
        <translation>%1 liegt nicht zwischen %2 und %3 Anfragen pro Sekunde.</translation>
    </message>
    <message>
        <source>Enter an interval, e.g. 20s, 15m or 6h.</source>
        <translation>Geben Sie ein Intervall ein, z.&#xa0;B. 20s, 15m oder 6h.</translation>
    </message>
    <message>
        <source>“%1” is not an interval: use e.g. 20s, 15m or 6h.</source>
        <translation>„%1“ ist kein Intervall: Verwenden Sie z.&#xa0;B. 20s, 15m oder 6h.</translation>
    </message>
    <message>
        <source>%1 is not a plain file path: an in-memory database, a URI or a resource name would save nothing.</source>
        <translation>%1 ist kein einfacher Dateipfad: In eine Datenbank im Speicher, eine URI oder einen Ressourcennamen würde nichts gespeichert.</translation>
    </message>
</context>
<context>
    <name>Backfill</name>
    <message>
        <source>backfill: retrying in %1 ms: %2</source>
        <translation>Backfill: neuer Versuch in %1 ms: %2</translation>
    </message>
    <message>
        <source>GET /historical/cutoff: no market_settled_ts in the answer</source>
        <translation>GET /historical/cutoff: kein market_settled_ts in der Antwort</translation>
    </message>
    <message>
        <source>backfill: skipped market %1: %2</source>
        <translation>Backfill: Markt %1 übersprungen: %2</translation>
    </message>
    <message>
        <source>backfill: market %1 not found, neither live nor under /historical</source>
        <translation>Backfill: Markt %1 nicht gefunden, weder live noch unter /historical</translation>
    </message>
    <message>
        <source>backfill: %1 has no open time; give --since</source>
        <translation>Backfill: %1 hat keine Eröffnungszeit; bitte --since angeben</translation>
    </message>
    <message>
        <source>backfill: every range asked for is stored already</source>
        <translation>Backfill: Jeder angefragte Zeitraum ist bereits gespeichert</translation>
    </message>
    <message>
        <source>backfill: %1 [%2, %3]: %4</source>
        <translation>Backfill: %1 [%2, %3]: %4</translation>
    </message>
    <message>
        <source>backfill: skipped a candle of %1 ending %2: %3</source>
        <translation>Backfill: Kerze von %1 mit Ende %2 übersprungen: %3</translation>
    </message>
    <message>
        <source>backfill: the database refused a batch: %1</source>
        <translation>Backfill: Die Datenbank hat einen Stapel abgelehnt: %1</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
</context>
<context>
    <name>BrowserFormat</name>
    <message>
        <source>$%1 (%2 micro-dollars)</source>
        <translation>$%1 (%2 Mikrodollar)</translation>
    </message>
    <message>
        <source>%1 contracts (%2 centi-contracts)</source>
        <translation>%1 Kontrakte (%2 Hundertstelkontrakte)</translation>
    </message>
    <message>
        <source>%1 local time
%2 UTC
Unix time %3</source>
        <translation>%1 Ortszeit
%2 UTC
Unix-Zeit %3</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Unopened</source>
        <translation>Noch nicht eröffnet</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Ausgesetzt</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Geschlossen</translation>
    </message>
    <message>
        <source>Determined</source>
        <translation>Entschieden</translation>
    </message>
    <message>
        <source>Disputed</source>
        <translation>Angefochten</translation>
    </message>
    <message>
        <source>Amended</source>
        <translation>Berichtigt</translation>
    </message>
    <message>
        <source>Settled</source>
        <translation>Abgerechnet</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Annulliert</translation>
    </message>
</context>
<context>
    <name>BrowserReader</name>
    <message>
        <source>No database selected.</source>
        <translation>Keine Datenbank ausgewählt.</translation>
    </message>
    <message>
        <source>The database cannot be opened.</source>
        <translation>Die Datenbank kann nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>Keine Datenbank geöffnet.</translation>
    </message>
    <message>
        <source>The row count query returned nothing.</source>
        <translation>Die Abfrage der Zeilenzahl lieferte nichts.</translation>
    </message>
    <message>
        <source>Lost the connection to the database server: %1</source>
        <translation>Verbindung zum Datenbankserver verloren: %1</translation>
    </message>
    <message>
        <source>Lost the connection to the database server.</source>
        <translation>Verbindung zum Datenbankserver verloren.</translation>
    </message>
</context>
<context>
    <name>BrowserTableModel</name>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>No value</source>
        <translation>Kein Wert</translation>
    </message>
    <message>
        <source>API status: %1</source>
        <translation>API-Status: %1</translation>
    </message>
    <message>
        <source>Stored result: %1</source>
        <translation>Gespeichertes Ergebnis: %1</translation>
    </message>
</context>
<context>
    <name>BrowserWidget</name>
    <message>
        <source>Search ticker or title</source>
        <translation>Ticker oder Titel suchen</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Unopened</source>
        <translation>Noch nicht eröffnet</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Ausgesetzt</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Geschlossen</translation>
    </message>
    <message>
        <source>Settled</source>
        <translation>Abgerechnet</translation>
    </message>
    <message>
        <source>Market status</source>
        <translation>Marktstatus</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>Alle Kategorien</translation>
    </message>
    <message>
        <source>Category of the event</source>
        <translation>Kategorie des Ereignisses</translation>
    </message>
    <message>
        <source>Prices in cents</source>
        <translation>Preise in Cent</translation>
    </message>
    <message>
        <source>Prices as probability</source>
        <translation>Preise als Wahrscheinlichkeit</translation>
    </message>
    <message>
        <source>Markets</source>
        <translation>Märkte</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>Settlements</source>
        <translation>Abrechnungen</translation>
    </message>
    <message>
        <source>No database selected.</source>
        <translation>Keine Datenbank ausgewählt.</translation>
    </message>
    <message>
        <source>Cannot read the database: %1</source>
        <translation>Die Datenbank kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Cannot show the database: %1</source>
        <translation>Die Datenbank kann nicht angezeigt werden: %1</translation>
    </message>
    <message>
        <source>%1 of %2 markets shown</source>
        <translation>%1 von %2 Märkten angezeigt</translation>
    </message>
    <message>
        <source>%1 of %2 events shown</source>
        <translation>%1 von %2 Ereignissen angezeigt</translation>
    </message>
    <message>
        <source>%1 of %2 settlements shown</source>
        <translation>%1 von %2 Abrechnungen angezeigt</translation>
    </message>
    <message>
        <source>Rows are read as they come into view</source>
        <translation>Zeilen werden gelesen, sobald sie sichtbar werden</translation>
    </message>
    <message>
        <source>Copied the first %1 of %2 selected rows.</source>
        <translation>Die ersten %1 von %2 ausgewählten Zeilen wurden kopiert.</translation>
    </message>
    <message>
        <source>Event %1</source>
        <translation>Ereignis %1</translation>
    </message>
    <message>
        <source>Copy Cell</source>
        <translation>Zelle kopieren</translation>
    </message>
    <message>
        <source>Copy Row</source>
        <translation>Zeile kopieren</translation>
    </message>
    <message>
        <source>Copy Selection as TSV</source>
        <translation>Auswahl als TSV kopieren</translation>
    </message>
    <message>
        <source>Open Chart</source>
        <translation>Chart öffnen</translation>
    </message>
    <message>
        <source>Show the Event&apos;s Markets</source>
        <translation>Märkte des Ereignisses zeigen</translation>
    </message>
    <message>
        <source>Open on kalshi.com</source>
        <translation>Auf kalshi.com öffnen</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
    <message>
        <source>Reset Columns</source>
        <translation>Spalten zurücksetzen</translation>
    </message>
    <message>
        <source>Only the markets of this event are shown; click to show all</source>
        <translation>Nur die Märkte dieses Ereignisses werden gezeigt; klicken, um alle zu zeigen</translation>
    </message>
    <message>
        <source>No data yet — press Sync Now (F5) to download Kalshi&apos;s markets</source>
        <translation>Noch keine Daten — drücken Sie „Jetzt synchronisieren“ (F5), um Kalshis Märkte herunterzuladen</translation>
    </message>
    <message>
        <source>Remove from Watchlist</source>
        <translation>Aus der Watchlist entfernen</translation>
    </message>
    <message>
        <source>Add to Watchlist</source>
        <translation>Zur Watchlist hinzufügen</translation>
    </message>
    <message>
        <source>Markets: every word must be a word of the ticker, title, subtitles or event title (the last one may be cut short). Events and settlements: the ticker or title contains this text. Any case.</source>
        <translation>Märkte: Jedes Wort muss ein Wort des Tickers, Titels, der Untertitel oder des Ereignistitels sein (das letzte darf abgekürzt sein). Ereignisse und Abrechnungen: Ticker oder Titel enthält diesen Text. Groß- und Kleinschreibung egal.</translation>
    </message>
    <message>
        <source>Alert Me…</source>
        <translation>Alarm einrichten…</translation>
    </message>
    <message>
        <source>%1 of %2 markets shown, best matches first</source>
        <translation>%1 von %2 Märkten angezeigt, beste Treffer zuerst</translation>
    </message>
    <message>
        <source>Ranked by relevance: markets whose ticker holds every word first, then ticker and title, then with the subtitles, then the event&apos;s title; equal matches by 24 h volume. Click a column header to sort by it.</source>
        <translation>Nach Relevanz geordnet: zuerst Märkte, deren Ticker jedes Wort enthält, dann Ticker und Titel, dann mit den Untertiteln, dann der Titel des Ereignisses; gleich gute Treffer nach Volumen 24 h. Klicken Sie auf einen Spaltenkopf, um danach zu sortieren.</translation>
    </message>
    <message>
        <source>%1 of %2 markets shown, most traded first</source>
        <translation>%1 von %2 Märkten angezeigt, meistgehandelte zuerst</translation>
    </message>
    <message>
        <source>Too many matches to rank by relevance: sorted by 24 h volume. Type more words to rank, or click a column header to sort by it.</source>
        <translation>Zu viele Treffer, um sie nach Relevanz zu ordnen: nach Volumen 24 h sortiert. Geben Sie weitere Wörter ein, um zu ordnen, oder klicken Sie auf einen Spaltenkopf, um danach zu sortieren.</translation>
    </message>
</context>
<context>
    <name>ChartPanel</name>
    <message>
        <source>Market ticker or title, e.g. KXHIGHNY-26DEC01-B45</source>
        <translation>Markt-Ticker oder Titel, z.&#xa0;B. KXHIGHNY-26DEC01-B45</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>Zoom zurücksetzen</translation>
    </message>
    <message>
        <source>Show every snapshot (Home, or double-click the chart)</source>
        <translation>Alle Momentaufnahmen anzeigen (Pos1 oder Doppelklick in den Chart)</translation>
    </message>
    <message>
        <source>Market:</source>
        <translation>Markt:</translation>
    </message>
    <message>
        <source>No market %1 in the database.</source>
        <translation>Kein Markt %1 in der Datenbank.</translation>
    </message>
    <message>
        <source>Cents (¢)</source>
        <translation>Cent (¢)</translation>
    </message>
    <message>
        <source>Probability (%)</source>
        <translation>Wahrscheinlichkeit (%)</translation>
    </message>
    <message>
        <source>Show prices in cents or as the probability they stand for</source>
        <translation>Preise in Cent oder als die Wahrscheinlichkeit zeigen, für die sie stehen</translation>
    </message>
    <message>
        <source>Save Chart as PNG…</source>
        <translation>Diagramm als PNG speichern …</translation>
    </message>
    <message>
        <source>Save Visible Data as CSV…</source>
        <translation>Sichtbare Daten als CSV speichern …</translation>
    </message>
    <message>
        <source>Reset Zoom</source>
        <translation>Zoom zurücksetzen</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>%1 is not open (status: %2). Collection takes snapshots of open markets only; its price history starts once it opens.</source>
        <translation>%1 ist nicht offen (Status: %2). Die Sammlung nimmt nur offene Märkte auf; sein Kursverlauf beginnt, sobald er öffnet.</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>%1 konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Save Chart as PNG</source>
        <translation>Diagramm als PNG speichern</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>Save Visible Data as CSV</source>
        <translation>Sichtbare Daten als CSV speichern</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>%1 has closed (status: %2) and no snapshots of it are stored. Collection takes snapshots of open markets only, so a market that closed before collection ran has no snapshots here; Kalshi&apos;s own history of it is drawn here once it has been fetched.</source>
        <translation>%1 ist geschlossen (Status: %2), und es sind keine Momentaufnahmen davon gespeichert. Die Sammlung nimmt nur offene Märkte auf, daher hat ein Markt, der vor der Sammlung schloss, hier keine Momentaufnahmen; Kalshis eigener Verlauf wird hier gezeichnet, sobald er abgerufen ist.</translation>
    </message>
    <message>
        <source>Fetching Kalshi&apos;s history of %1…</source>
        <translation>Kalshis Verlauf von %1 wird abgerufen…</translation>
    </message>
    <message>
        <source>Kalshi&apos;s history of %1 could not be fetched: %2</source>
        <translation>Kalshis Verlauf von %1 konnte nicht abgerufen werden: %2</translation>
    </message>
    <message>
        <source>Fetching Kalshi&apos;s history of %1: %2</source>
        <translation>Kalshis Verlauf von %1 wird abgerufen: %2</translation>
    </message>
    <message>
        <source>The database cannot be read at the moment; %1 is shown when it can be.</source>
        <translation>Die Datenbank kann gerade nicht gelesen werden; %1 wird angezeigt, sobald sie es wieder kann.</translation>
    </message>
</context>
<context>
    <name>CollectionPanel</name>
    <message>
        <source>Collection</source>
        <translation>Erfassung</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Interval</source>
        <translation>Intervall</translation>
    </message>
    <message>
        <source>Next run</source>
        <translation>Nächster Lauf</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Aktivität</translation>
    </message>
    <message>
        <source>Last result</source>
        <translation>Letztes Ergebnis</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>Intervals are a whole number followed by s, m or h, for example 20s, 15m or 6h; a bare number means minutes.</source>
        <translation>Intervalle sind eine ganze Zahl gefolgt von s, m oder h, zum Beispiel 20s, 15m oder 6h; eine Zahl ohne Einheit bedeutet Minuten.</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>Momentaufnahme</translation>
    </message>
    <message>
        <source>Markets</source>
        <translation>Märkte</translation>
    </message>
    <message>
        <source>Settlements</source>
        <translation>Abrechnungen</translation>
    </message>
    <message>
        <source>Full sync (manual / initial)</source>
        <translation>Vollständige Synchronisierung (manuell / beim Start)</translation>
    </message>
    <message>
        <source>due</source>
        <translation>fällig</translation>
    </message>
    <message numerus="yes">
        <source>in %n day(s) %1 h</source>
        <translation>
            <numerusform>in %n Tag %1 h</numerusform>
            <numerusform>in %n Tagen %1 h</numerusform>
        </translation>
    </message>
    <message>
        <source>in %1:%2:%3</source>
        <translation>in %1:%2:%3</translation>
    </message>
    <message>
        <source>in %1:%2</source>
        <translation>in %1:%2</translation>
    </message>
    <message>
        <source>Nobody is collecting</source>
        <translation>Keine Erfassung aktiv</translation>
    </message>
    <message>
        <source>This window is collecting</source>
        <translation>Dieses Fenster führt die Erfassung aus</translation>
    </message>
    <message>
        <source>unknown program</source>
        <translation>unbekanntes Programm</translation>
    </message>
    <message>
        <source>an unknown host</source>
        <translation>einem unbekannten Rechner</translation>
    </message>
    <message>
        <source>Another process is collecting: pid %1 (%2 on %3) since %4</source>
        <translation>Ein anderer Prozess erfasst: PID %1 (%2 auf %3) seit %4</translation>
    </message>
    <message>
        <source>Lock file: %1</source>
        <translation>Sperrdatei: %1</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>Datenbank: %1</translation>
    </message>
    <message>
        <source>Database: not chosen yet</source>
        <translation>Datenbank: noch nicht gewählt</translation>
    </message>
    <message>
        <source>Run %1 on its interval while collecting</source>
        <translation>%1 während der Erfassung im eingestellten Intervall ausführen</translation>
    </message>
    <message>
        <source>How often %1 runs: 20s, 15m, 6h</source>
        <translation>Intervall für %1: 20s, 15m, 6h</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>manuell</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>inaktiv</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>eingereiht</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>not run yet</source>
        <translation>noch nicht gelaufen</translation>
    </message>
    <message>
        <source>Next run at %1</source>
        <translation>Nächster Lauf um %1</translation>
    </message>
    <message>
        <source>%1 needs an interval, for example 20s, 15m or 6h; the previous interval (%2) is kept.</source>
        <translation>%1 braucht ein Intervall, zum Beispiel 20s, 15m oder 6h; das bisherige Intervall (%2) bleibt erhalten.</translation>
    </message>
    <message>
        <source>“%1” is not an interval for %2: write a whole number followed by s, m or h, for example 20s, 15m or 6h. The previous interval (%3) is kept.</source>
        <translation>„%1“ ist kein Intervall für %2: Geben Sie eine ganze Zahl gefolgt von s, m oder h ein, zum Beispiel 20s, 15m oder 6h. Das bisherige Intervall (%3) bleibt erhalten.</translation>
    </message>
    <message>
        <source>Collection is on: jobs run on their intervals</source>
        <translation>Erfassung ist aktiv: Die Aufgaben laufen in ihren Intervallen</translation>
    </message>
    <message>
        <source>Collection is off: no job runs on its own</source>
        <translation>Erfassung ist aus: Keine Aufgabe läuft von selbst</translation>
    </message>
    <message>
        <source>Watchlist</source>
        <translation>Beobachtungsliste</translation>
    </message>
    <message>
        <source>Lock: an advisory lock on the server, held by this collector&apos;s own session</source>
        <translation>Sperre: eine Advisory-Sperre auf dem Server, gehalten von der eigenen Sitzung dieses Sammlers</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>Gespeichert</translation>
    </message>
    <message>
        <source>Nothing new was stored.</source>
        <translation>Nichts Neues gespeichert.</translation>
    </message>
    <message>
        <source>nothing new</source>
        <translation>nichts Neues</translation>
    </message>
    <message>
        <source>Collection is paused: waiting for the collector lock</source>
        <translation>Erfassung ist pausiert: Sie wartet auf die Erfassungssperre</translation>
    </message>
</context>
<context>
    <name>CollectionScheduler</name>
    <message>
        <source>No job runner</source>
        <translation>Keine Aufgabenausführung verfügbar</translation>
    </message>
</context>
<context>
    <name>CollectorLock</name>
    <message>
        <source>cannot create the collector lock %1: permission denied</source>
        <translation>die Erfassungssperre %1 kann nicht angelegt werden: Zugriff verweigert</translation>
    </message>
    <message>
        <source>cannot create the collector lock %1</source>
        <translation>die Erfassungssperre %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>another collector is collecting into %1</source>
        <translation>ein anderer Erfassungsprozess schreibt bereits in %1</translation>
    </message>
    <message>
        <source>unknown program</source>
        <translation>unbekanntes Programm</translation>
    </message>
    <message>
        <source>an unknown host</source>
        <translation>einem unbekannten Rechner</translation>
    </message>
    <message>
        <source>another collector (pid %1, %2 on host %3) is collecting into %4 since %5</source>
        <translation>ein anderer Erfassungsprozess (PID %1, %2 auf %3) schreibt seit %5 in %4</translation>
    </message>
    <message>
        <source>cannot take the collector lock of %1: %2</source>
        <translation>die Erfassungssperre von %1 kann nicht gesetzt werden: %2</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>keine Antwort</translation>
    </message>
    <message>
        <source>lost the collector lock of %1: its session no longer holds it; stopping, since another collector may take over</source>
        <translation>Erfassungssperre von %1 verloren: ihre Sitzung hält sie nicht mehr; die Erfassung endet, da ein anderer Erfassungsprozess übernehmen kann</translation>
    </message>
    <message>
        <source>lost the collector lock of %1: %2; stopping, since another collector may take over</source>
        <translation>Erfassungssperre von %1 verloren: %2; die Erfassung endet, da ein anderer Erfassungsprozess übernehmen kann</translation>
    </message>
    <message>
        <source>an unknown time</source>
        <translation>einem unbekannten Zeitpunkt</translation>
    </message>
</context>
<context>
    <name>DashboardWidget</name>
    <message>
        <source>Events: %1
Markets: %2
Settlements: %3
Snapshots: %4</source>
        <translation>Ereignisse: %1
Märkte: %2
Abrechnungen: %3
Momentaufnahmen: %4</translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s)</source>
        <translation>
            <numerusform>%Ln Zeile</numerusform>
            <numerusform>%Ln Zeilen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation>%1 Zeilen</translation>
    </message>
    <message>
        <source>Current sync</source>
        <translation>Aktuelle Synchronisierung</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Seiten</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Übersprungen</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <source>Elapsed</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>Malformed items that were skipped</source>
        <translation>Fehlerhafte Einträge, die übersprungen wurden</translation>
    </message>
    <message>
        <source>HTTP requests that were retried</source>
        <translation>HTTP-Anfragen, die wiederholt wurden</translation>
    </message>
    <message>
        <source>Recent syncs</source>
        <translation>Letzte Synchronisierungen</translation>
    </message>
    <message>
        <source>not in this sync</source>
        <translation>nicht in diesem Lauf</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>inaktiv</translation>
    </message>
    <message>
        <source>%1 running — %2</source>
        <translation>%1 läuft — %2</translation>
    </message>
    <message>
        <source>No sync has run yet</source>
        <translation>Noch keine Synchronisierung ausgeführt</translation>
    </message>
    <message>
        <source>No errors reported.</source>
        <translation>Keine Fehler gemeldet.</translation>
    </message>
    <message>
        <source>Last error at %1: %2</source>
        <translation>Letzter Fehler um %1: %2</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>%1 failed at %2: %3</source>
        <translation>%1 um %2 fehlgeschlagen: %3</translation>
    </message>
    <message>
        <source>The database is locked by another program: waiting for it to finish (giving up after %1 s)</source>
        <translation>Die Datenbank ist von einem anderen Programm gesperrt: warte, bis es fertig ist (Abbruch nach %1 s)</translation>
    </message>
    <message numerus="yes">
        <source>%1: %2, %Ln page(s), %3 in %4</source>
        <translation>
            <numerusform>%1: %2, %Ln Seite, %3 in %4</numerusform>
            <numerusform>%1: %2, %Ln Seiten, %3 in %4</numerusform>
        </translation>
    </message>
    <message>
        <source>No data yet — press Sync Now (F5) to download Kalshi&apos;s markets</source>
        <translation>Noch keine Daten — drücken Sie „Jetzt synchronisieren“ (F5), um Kalshis Märkte herunterzuladen</translation>
    </message>
    <message>
        <source>page %1 of about %2</source>
        <translation>Seite %1 von etwa %2</translation>
    </message>
    <message numerus="yes">
        <source>The last %1 run read %Ln page(s)</source>
        <translation>
            <numerusform>Der letzte Lauf (%1) las %Ln Seite</numerusform>
            <numerusform>Der letzte Lauf (%1) las %Ln Seiten</numerusform>
        </translation>
    </message>
    <message>
        <source>page %1</source>
        <translation>Seite %1</translation>
    </message>
    <message>
        <source>No earlier run of this kind tells how many pages to expect</source>
        <translation>Kein früherer Lauf dieser Art sagt, wie viele Seiten zu erwarten sind</translation>
    </message>
</context>
<context>
    <name>DatabaseLocation</name>
    <message>
        <source>database URL: %1</source>
        <translation>Datenbank-URL: %1</translation>
    </message>
    <message>
        <source>several hosts are not supported; name one server</source>
        <translation>mehrere Hosts werden nicht unterstützt; nennen Sie einen Server</translation>
    </message>
    <message>
        <source>an IPv6 address lacks its closing &apos;]&apos;</source>
        <translation>einer IPv6-Adresse fehlt die schließende &apos;]&apos;</translation>
    </message>
    <message>
        <source>unexpected text after the IPv6 address</source>
        <translation>unerwarteter Text nach der IPv6-Adresse</translation>
    </message>
    <message>
        <source>the port &apos;%1&apos; is not a number from 1 to 65535</source>
        <translation>der Port &apos;%1&apos; ist keine Zahl von 1 bis 65535</translation>
    </message>
    <message>
        <source>the path must be just the database name</source>
        <translation>der Pfad darf nur der Datenbankname sein</translation>
    </message>
    <message>
        <source>the parameter &apos;%1&apos; has no value</source>
        <translation>der Parameter &apos;%1&apos; hat keinen Wert</translation>
    </message>
    <message>
        <source>sslmode &apos;%1&apos; is not one of %2</source>
        <translation>sslmode &apos;%1&apos; ist keiner von %2</translation>
    </message>
    <message>
        <source>connect_timeout &apos;%1&apos; is not a number of seconds</source>
        <translation>connect_timeout &apos;%1&apos; ist keine Anzahl Sekunden</translation>
    </message>
    <message>
        <source>the parameter &apos;%1&apos; contains &apos;;&apos;</source>
        <translation>der Parameter &apos;%1&apos; enthält &apos;;&apos;</translation>
    </message>
    <message>
        <source>unknown parameter &apos;%1&apos; (known: host, port, user, dbname, %2)</source>
        <translation>unbekannter Parameter &apos;%1&apos; (bekannt: host, port, user, dbname, %2)</translation>
    </message>
    <message>
        <source>no database named (postgresql://user@host:port/DBNAME)</source>
        <translation>keine Datenbank genannt (postgresql://user@host:port/DBNAME)</translation>
    </message>
</context>
<context>
    <name>DemoSimulator</name>
    <message>
        <source>The bundled simulator kalshi-sim was not found next to the application.</source>
        <translation>Der mitgelieferte Simulator kalshi-sim wurde nicht neben der Anwendung gefunden.</translation>
    </message>
    <message>
        <source>The simulator did not start: %1</source>
        <translation>Der Simulator ist nicht gestartet: %1</translation>
    </message>
    <message>
        <source>The simulator did not report its address: %1</source>
        <translation>Der Simulator hat seine Adresse nicht gemeldet: %1</translation>
    </message>
    <message>
        <source>Unexpected output from the simulator: %1</source>
        <translation>Unerwartete Ausgabe des Simulators: %1</translation>
    </message>
</context>
<context>
    <name>EventTableModel</name>
    <message>
        <source>Ticker</source>
        <translation>Ticker</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>Serie</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Markets</source>
        <translation>Märkte</translation>
    </message>
    <message>
        <source>Markets of this event in the database</source>
        <translation>Märkte dieses Ereignisses in der Datenbank</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>Synchronisiert</translation>
    </message>
    <message>
        <source>Whether the event itself has been synced, or only a market of it (a placeholder row)</source>
        <translation>Ob das Ereignis selbst synchronisiert wurde oder nur einer seiner Märkte (eine Platzhalterzeile)</translation>
    </message>
    <message>
        <source>Not yet (placeholder)</source>
        <translation>Noch nicht (Platzhalter)</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>What:</source>
        <translation>Was:</translation>
    </message>
    <message>
        <source>CSV (a header row, comma-separated)</source>
        <translation>CSV (eine Kopfzeile, durch Kommas getrennt)</translation>
    </message>
    <message>
        <source>JSON Lines (one object per line)</source>
        <translation>JSON Lines (ein Objekt pro Zeile)</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>&amp;Integer units: prices in micro-dollars, counts in centi-contracts</source>
        <translation>&amp;Ganzzahlige Einheiten: Preise in Mikro-Dollar, Mengen in Hundertstel-Kontrakten</translation>
    </message>
    <message>
        <source>&amp;Dollars and contracts (exact decimals)</source>
        <translation>&amp;Dollar und Kontrakte (exakte Dezimalzahlen)</translation>
    </message>
    <message>
        <source>Values:</source>
        <translation>Werte:</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>Durch&amp;suchen…</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>E&amp;xportieren</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>Settlements</source>
        <translation>Abrechnungen</translation>
    </message>
    <message>
        <source>Markets</source>
        <translation>Märkte</translation>
    </message>
    <message>
        <source>Browser: the database is not open</source>
        <translation>Browser: die Datenbank ist nicht geöffnet</translation>
    </message>
    <message>
        <source>search “%1”</source>
        <translation>Suche „%1“</translation>
    </message>
    <message>
        <source>not yet open</source>
        <translation>noch nicht offen</translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>pausiert</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>geschlossen</translation>
    </message>
    <message>
        <source>settled</source>
        <translation>abgerechnet</translation>
    </message>
    <message>
        <source>category %1</source>
        <translation>Kategorie %1</translation>
    </message>
    <message>
        <source>event %1</source>
        <translation>Ereignis %1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s)</source>
        <translation>
            <numerusform>%Ln Zeile</numerusform>
            <numerusform>%Ln Zeilen</numerusform>
        </translation>
    </message>
    <message>
        <source>all rows</source>
        <translation>alle Zeilen</translation>
    </message>
    <message>
        <source>Chart: no market with snapshots is shown</source>
        <translation>Chart: kein Markt mit Snapshots wird gezeigt</translation>
    </message>
    <message>
        <source>C&amp;hart: the snapshots of %1 shown, %2 to %3</source>
        <translation>&amp;Chart: die gezeigten Snapshots von %1, %2 bis %3</translation>
    </message>
    <message>
        <source>Export To</source>
        <translation>Exportieren nach</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Exporting to %1…</source>
        <translation>Exportiere nach %1…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Breche ab…</translation>
    </message>
    <message>
        <source>Exported %1 of %2 rows…</source>
        <translation>%1 von %2 Zeilen exportiert…</translation>
    </message>
    <message>
        <source>Exported %1 rows…</source>
        <translation>%1 Zeilen exportiert…</translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln row(s) to %1.</source>
        <translation>
            <numerusform>%Ln Zeile nach %1 exportiert.</numerusform>
            <numerusform>%Ln Zeilen nach %1 exportiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled after %1 rows: nothing was written to %2.</source>
        <translation>Nach %1 Zeilen abgebrochen: nach %2 wurde nichts geschrieben.</translation>
    </message>
    <message>
        <source>The export failed: %1. Nothing was written to %2.</source>
        <translation>Der Export ist fehlgeschlagen: %1. Nach %2 wurde nichts geschrieben.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Fi&amp;le:</source>
        <translation>Dat&amp;ei:</translation>
    </message>
    <message>
        <source>B&amp;rowser: %1, %2</source>
        <translation>B&amp;rowser: %1, %2</translation>
    </message>
    <message>
        <source>B&amp;rowser: %1, %2 (%3)</source>
        <translation>B&amp;rowser: %1, %2 (%3)</translation>
    </message>
</context>
<context>
    <name>ExportJob</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>GuiStartup</name>
    <message>
        <source>Show this help.</source>
        <translation>Diese Hilfe anzeigen.</translation>
    </message>
    <message>
        <source>API base URL.</source>
        <translation>Basis-URL der API.</translation>
    </message>
    <message>
        <source>Start the bundled simulator and use it offline.</source>
        <translation>Den mitgelieferten Simulator starten und offline verwenden.</translation>
    </message>
    <message>
        <source>Language code, e.g. de or en.</source>
        <translation>Sprachcode, z.&#xa0;B. de oder en.</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation>unerwartetes Argument &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--db needs a path</source>
        <translation>--db braucht einen Pfad</translation>
    </message>
    <message>
        <source>--api-base &apos;%1&apos; is not an http(s) URL</source>
        <translation>--api-base &apos;%1&apos; ist keine http(s)-URL</translation>
    </message>
    <message>
        <source>--demo and --api-base exclude each other</source>
        <translation>--demo und --api-base schließen sich gegenseitig aus</translation>
    </message>
    <message>
        <source>Developer logs on stderr.</source>
        <translation>Entwicklerprotokolle auf stderr.</translation>
    </message>
    <message>
        <source>Kalshi Monitor: collects Kalshi market data into SQLite or PostgreSQL and shows it.</source>
        <translation>Kalshi Monitor: sammelt Kalshi-Marktdaten in SQLite oder PostgreSQL und zeigt sie an.</translation>
    </message>
    <message>
        <source>Database file or postgresql:// URL.</source>
        <translation>Datenbankdatei oder postgresql://-URL.</translation>
    </message>
</context>
<context>
    <name>LastSync</name>
    <message>
        <source>nothing new</source>
        <translation>nichts Neues</translation>
    </message>
    <message>
        <source>No sync has run yet</source>
        <translation>Noch keine Synchronisierung ausgeführt</translation>
    </message>
    <message>
        <source>%1 running since %2</source>
        <translation>%1 läuft seit %2</translation>
    </message>
    <message>
        <source>Last sync failed at %1</source>
        <translation>Letzte Synchronisierung um %1 fehlgeschlagen</translation>
    </message>
    <message>
        <source>Last sync failed at %1: %2</source>
        <translation>Letzte Synchronisierung um %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Last sync, started at %1, ended with its process before it finished</source>
        <translation>Letzte Synchronisierung (gestartet um %1) endete mit ihrem Prozess, bevor sie fertig war</translation>
    </message>
    <message>
        <source>Last sync cancelled at %1 after storing %2</source>
        <translation>Letzte Synchronisierung um %1 abgebrochen, gespeichert: %2</translation>
    </message>
    <message>
        <source>Last sync stopped at its page limit at %1: %2 in %3</source>
        <translation>Letzte Synchronisierung um %1 am Seitenlimit beendet: %2 in %3</translation>
    </message>
    <message>
        <source>Last sync finished at %1: %2 in %3</source>
        <translation>Letzte Synchronisierung um %1 beendet: %2 in %3</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>Noch nie synchronisiert</translation>
    </message>
    <message>
        <source>Sync running since %1</source>
        <translation>Synchronisierung läuft seit %1</translation>
    </message>
    <message>
        <source>Last sync did not finish (%1)</source>
        <translation>Letzte Synchronisierung nicht beendet (%1)</translation>
    </message>
    <message>
        <source>Last sync cancelled at %1</source>
        <translation>Letzte Synchronisierung um %1 abgebrochen</translation>
    </message>
    <message>
        <source>Last sync %1</source>
        <translation>Stand: %1</translation>
    </message>
</context>
<context>
    <name>LogView</name>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Filter:</translation>
    </message>
    <message>
        <source>All messages</source>
        <translation>Alle Meldungen</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Warnungen und Fehler</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Copy the selected lines, or all shown lines when none is selected</source>
        <translation>Kopiert die ausgewählten Zeilen oder, wenn keine ausgewählt ist, alle angezeigten</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>&amp;Speichern unter…</translation>
    </message>
    <message>
        <source>Save the shown lines to a text file</source>
        <translation>Speichert die angezeigten Zeilen in einer Textdatei</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>&amp;Alles auswählen</translation>
    </message>
    <message>
        <source>Save Log</source>
        <translation>Protokoll speichern</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>Textdateien (*.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>The log could not be saved to %1: %2</source>
        <translation>Das Protokoll konnte nicht in %1 gespeichert werden: %2</translation>
    </message>
    <message numerus="yes">
        <source>%Ln message(s)</source>
        <translation>
            <numerusform>%Ln Meldung</numerusform>
            <numerusform>%Ln Meldungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln warning(s)</source>
        <translation>
            <numerusform>%Ln Warnung</numerusform>
            <numerusform>%Ln Warnungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln error(s)</source>
        <translation>
            <numerusform>%Ln Fehler</numerusform>
            <numerusform>%Ln Fehler</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln shown</source>
        <translation>
            <numerusform>%Ln angezeigt</numerusform>
            <numerusform>%Ln angezeigt</numerusform>
        </translation>
    </message>
    <message>
        <source>Cl&amp;ear</source>
        <translation>&amp;Leeren</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Dashboard</source>
        <translation>Ü&amp;bersicht</translation>
    </message>
    <message>
        <source>C&amp;ollection</source>
        <translation>&amp;Erfassung</translation>
    </message>
    <message>
        <source>&amp;Browser</source>
        <translation>Date&amp;n</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>&amp;Protokoll</translation>
    </message>
    <message>
        <source>&amp;Log (new errors)</source>
        <translation>&amp;Protokoll (neue Fehler)</translation>
    </message>
    <message>
        <source>&amp;Sync Now</source>
        <translation>&amp;Jetzt synchronisieren</translation>
    </message>
    <message>
        <source>Run a full sync now: events, markets, settlements and a snapshot (F5)</source>
        <translation>Jetzt vollständig synchronisieren: Ereignisse, Märkte, Abrechnungen und eine Momentaufnahme (F5)</translation>
    </message>
    <message>
        <source>&amp;Cancel Sync</source>
        <translation>Synchronisierung &amp;abbrechen</translation>
    </message>
    <message>
        <source>C&amp;ollect</source>
        <translation>&amp;Erfassen</translation>
    </message>
    <message>
        <source>Collect continuously: snapshots, markets and settlements on their intervals</source>
        <translation>Fortlaufend erfassen: Momentaufnahmen, Märkte und Abrechnungen in ihren Intervallen</translation>
    </message>
    <message>
        <source>S&amp;ettings…</source>
        <translation>E&amp;instellungen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Refresh Views</source>
        <translation>&amp;Ansichten aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Kalshi Monitor</source>
        <translation>Ü&amp;ber Kalshi Monitor</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>API: %1</source>
        <translation>API: %1</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet…</translation>
    </message>
    <message>
        <source>Cannot use the database</source>
        <translation>Datenbank nicht verwendbar</translation>
    </message>
    <message>
        <source>Cannot open the database: %1</source>
        <translation>Die Datenbank kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>Kalshi Monitor cannot use the database:

%1

Choose another file in Settings.</source>
        <translation>Kalshi Monitor kann die Datenbank nicht verwenden:

%1

Wählen Sie in den Einstellungen eine andere Datei.</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Cannot read the database: %1</source>
        <translation>Die Datenbank kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The database refused %1 page %2: %3</source>
        <translation>Die Datenbank hat %1 Seite %2 abgelehnt: %3</translation>
    </message>
    <message>
        <source>DB: %1</source>
        <translation>DB: %1</translation>
    </message>
    <message>
        <source>DB: %1 (%2)</source>
        <translation>DB: %1 (%2)</translation>
    </message>
    <message>
        <source>Next run %1</source>
        <translation>Nächster Lauf %1</translation>
    </message>
    <message>
        <source>Collection off</source>
        <translation>Erfassung aus</translation>
    </message>
    <message>
        <source>%1 cancelled</source>
        <translation>%1 abgebrochen</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>%1 fehlgeschlagen</translation>
    </message>
    <message>
        <source>Collection not started: %1</source>
        <translation>Erfassung nicht gestartet: %1</translation>
    </message>
    <message>
        <source>Collecting</source>
        <translation>Erfassung läuft</translation>
    </message>
    <message>
        <source>Collection stopped</source>
        <translation>Erfassung beendet</translation>
    </message>
    <message>
        <source>Switching to the database %1</source>
        <translation>Wechsel zur Datenbank %1</translation>
    </message>
    <message>
        <source>About Kalshi Monitor</source>
        <translation>Über Kalshi Monitor</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Kalshi Monitor %1&lt;/h3&gt;&lt;p&gt;Collects Kalshi&apos;s public market data (events, markets, settlements and price snapshots) into a local SQLite database and shows it.&lt;/p&gt;&lt;p&gt;Database: %2&lt;br&gt;API: %3&lt;/p&gt;&lt;p&gt;Built with Qt %4. MIT License.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Kalshi Monitor %1&lt;/h3&gt;&lt;p&gt;Sammelt die öffentlichen Marktdaten von Kalshi (Ereignisse, Märkte, Abrechnungen und Kurs-Momentaufnahmen) in einer lokalen SQLite-Datenbank und zeigt sie an.&lt;/p&gt;&lt;p&gt;Datenbank: %2&lt;br&gt;API: %3&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %4. MIT-Lizenz.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Stopping after the current page…</source>
        <translation>Wird nach der aktuellen Seite beendet…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Wird beendet…</translation>
    </message>
    <message>
        <source>Closing: finishing the current page</source>
        <translation>Schließen: Die aktuelle Seite wird noch abgeschlossen</translation>
    </message>
    <message>
        <source>Char&amp;t</source>
        <translation>&amp;Chart</translation>
    </message>
    <message>
        <source>API: demo simulator</source>
        <translation>API: Demo-Simulator</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>%1 markets · last snapshot %2</source>
        <translation>%1 Märkte · letzte Momentaufnahme %2</translation>
    </message>
    <message>
        <source>%1 markets (%2 open), %3 events, %4 settlements</source>
        <translation>%1 Märkte (%2 offen), %3 Ereignisse, %4 Abrechnungen</translation>
    </message>
    <message>
        <source>Stop the running sync after the current page (Shift+F5)</source>
        <translation>Die laufende Synchronisierung nach der aktuellen Seite beenden (Umschalt+F5)</translation>
    </message>
    <message>
        <source>Updating %1 to the new database format…</source>
        <translation>%1 wird auf das neue Datenbankformat umgestellt …</translation>
    </message>
    <message>
        <source>Updating %1 from schema version %2 to %3; a large file can take a few seconds, once.</source>
        <translation>%1 wird von Schemaversion %2 auf %3 umgestellt; bei einer großen Datei kann das einmalig einige Sekunden dauern.</translation>
    </message>
    <message>
        <source>Collection not started: the database could not be opened</source>
        <translation>Erfassung nicht gestartet: Die Datenbank konnte nicht geöffnet werden</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s) fetched before closing could not be written: another process held the database lock. The next sync fetches them again.</source>
        <translation>
            <numerusform>%n vor dem Schließen geladene Seite konnte nicht gespeichert werden: Ein anderer Prozess hielt die Schreibsperre der Datenbank. Die nächste Synchronisierung lädt sie erneut.</numerusform>
            <numerusform>%n vor dem Schließen geladene Seiten konnten nicht gespeichert werden: Ein anderer Prozess hielt die Schreibsperre der Datenbank. Die nächste Synchronisierung lädt sie erneut.</numerusform>
        </translation>
    </message>
    <message>
        <source>Demo with the bundled simulator</source>
        <translation>Demo mit dem mitgelieferten Simulator</translation>
    </message>
    <message>
        <source>Waiting for the database: another program is writing to it</source>
        <translation>Warte auf die Datenbank: ein anderes Programm schreibt gerade</translation>
    </message>
    <message>
        <source>Collection starting: initial sync</source>
        <translation>Erfassung startet: erste Synchronisierung</translation>
    </message>
    <message>
        <source>%1 finished: %2</source>
        <translation>%1 beendet: %2</translation>
    </message>
    <message>
        <source>%1 finished: %2 (%3 pages, %4 skipped, %5 retries)</source>
        <translation>%1 beendet: %2 (%3 Seiten, %4 übersprungen, %5 Wiederholungen)</translation>
    </message>
    <message>
        <source>Kalshi Monitor keeps collecting</source>
        <translation>Kalshi Monitor erfasst weiter</translation>
    </message>
    <message>
        <source>The window is closed, collection goes on. Use the tray icon to show the window or to quit.</source>
        <translation>Das Fenster ist geschlossen, die Erfassung läuft weiter. Über das Symbol im Infobereich zeigen Sie das Fenster wieder an oder beenden das Programm.</translation>
    </message>
    <message>
        <source>Quit Kalshi Monitor</source>
        <translation>Kalshi Monitor beenden</translation>
    </message>
    <message>
        <source>Collection is running. Quit anyway?</source>
        <translation>Die Erfassung läuft. Trotzdem beenden?</translation>
    </message>
    <message>
        <source>A sync is running. Quit anyway?</source>
        <translation>Eine Synchronisierung läuft. Trotzdem beenden?</translation>
    </message>
    <message>
        <source>No snapshots are stored until Kalshi Monitor runs again.</source>
        <translation>Bis Kalshi Monitor wieder läuft, werden keine Momentaufnahmen gespeichert.</translation>
    </message>
    <message>
        <source>The sync stops after the current page; the next sync fetches the rest.</source>
        <translation>Die Synchronisierung endet nach der aktuellen Seite; die nächste Synchronisierung holt den Rest.</translation>
    </message>
    <message>
        <source>&amp;Don&apos;t ask again</source>
        <translation>&amp;Nicht mehr fragen</translation>
    </message>
    <message>
        <source>Keep collecting?</source>
        <translation>Weiter erfassen?</translation>
    </message>
    <message>
        <source>Collection is running. Keep collecting with the window minimized, or quit?</source>
        <translation>Die Erfassung läuft. Mit minimiertem Fenster weiter erfassen oder beenden?</translation>
    </message>
    <message>
        <source>This desktop has no system tray, so the window cannot hide there.</source>
        <translation>Diese Arbeitsumgebung hat keinen Infobereich, in dem sich das Fenster verbergen könnte.</translation>
    </message>
    <message>
        <source>&amp;Keep Collecting</source>
        <translation>&amp;Weiter erfassen</translation>
    </message>
    <message>
        <source>&amp;Watchlist</source>
        <translation>&amp;Watchlist</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <source>Alerts (%1)</source>
        <translation>Alarme (%1)</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Alarm</translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s)</source>
        <translation>
            <numerusform>%n Alarm</numerusform>
            <numerusform>%n Alarme</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>und %n weiterer</numerusform>
            <numerusform>und %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>demo</source>
        <translation>Demo</translation>
    </message>
    <message>
        <source>Demo: watching %1; alert rules on a 1¢ move within 10 minutes for %2. Switch Collect on to see them fire.</source>
        <translation>Demo: %1 werden beobachtet; Alarmregeln für eine Bewegung um 1¢ binnen 10 Minuten für %2. Schalten Sie Erfassen ein, um sie auslösen zu sehen.</translation>
    </message>
    <message>
        <source>Daily prune: thinning old snapshots…</source>
        <translation>Tägliches Aufräumen: alte Snapshots werden ausgedünnt…</translation>
    </message>
    <message>
        <source>Pruning old snapshots…</source>
        <translation>Alte Snapshots werden aufgeräumt…</translation>
    </message>
    <message>
        <source>Daily prune: %1</source>
        <translation>Tägliches Aufräumen: %1</translation>
    </message>
    <message>
        <source>Prune: %1</source>
        <translation>Aufräumen: %1</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportieren…</translation>
    </message>
    <message>
        <source>Export the rows the browser shows, or the chart&apos;s snapshots, to CSV or JSON Lines (Ctrl+E)</source>
        <translation>Die Zeilen des Browsers oder die Snapshots des Charts als CSV oder JSON Lines exportieren (Strg+E)</translation>
    </message>
    <message>
        <source>Exported %1 rows to %2</source>
        <translation>%1 Zeilen nach %2 exportiert</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Export fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>The server does not tell this window about new data (%1); use View &gt; Refresh Views.</source>
        <translation>Der Server meldet diesem Fenster keine neuen Daten (%1); verwenden Sie Ansicht &gt; Ansichten aktualisieren.</translation>
    </message>
    <message>
        <source>%1 running…</source>
        <translation>%1 läuft…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: %2 [%3]</source>
        <translation>%1: %2 [%3]</translation>
    </message>
    <message>
        <source>Opened the PostgreSQL database %1.</source>
        <translation>PostgreSQL-Datenbank %1 geöffnet.</translation>
    </message>
    <message>
        <source>Collection stopped: the collector lock is no longer tried again</source>
        <translation>Erfassung beendet: Die Erfassungssperre wird nicht mehr erneut versucht</translation>
    </message>
    <message>
        <source>Collection paused: %1; waiting for it to stop</source>
        <translation>Erfassung pausiert: %1; sie wartet, bis dieser endet</translation>
    </message>
    <message>
        <source>Collection paused</source>
        <translation>Erfassung pausiert</translation>
    </message>
    <message>
        <source>Collection paused: %1</source>
        <translation>Erfassung pausiert: %1</translation>
    </message>
    <message>
        <source>Collection resumed: the collector lock of %1 is held again</source>
        <translation>Erfassung fortgesetzt: Die Erfassungssperre von %1 ist wieder gesetzt</translation>
    </message>
    <message>
        <source>Collection resumed</source>
        <translation>Erfassung fortgesetzt</translation>
    </message>
    <message>
        <source>retrying now</source>
        <translation>neuer Versuch jetzt</translation>
    </message>
    <message>
        <source>retrying in %1 s</source>
        <translation>neuer Versuch in %1 s</translation>
    </message>
    <message>
        <source>retrying in %1 min</source>
        <translation>neuer Versuch in %1 min</translation>
    </message>
    <message>
        <source>lost the connection to the database server</source>
        <translation>die Verbindung zum Datenbankserver ist verloren</translation>
    </message>
    <message>
        <source>Collection paused: %1 — %2</source>
        <translation>Erfassung pausiert: %1 — %2</translation>
    </message>
    <message>
        <source>Lost the connection to the database server; this window connects again and shows what was stored meanwhile</source>
        <translation>Verbindung zum Datenbankserver verloren; dieses Fenster verbindet sich erneut und zeigt, was inzwischen gespeichert wurde</translation>
    </message>
    <message>
        <source>Connected to the database server again</source>
        <translation>Wieder mit dem Datenbankserver verbunden</translation>
    </message>
    <message>
        <source>Lost the connection to the database server; connecting again</source>
        <translation>Verbindung zum Datenbankserver verloren; verbinde erneut</translation>
    </message>
</context>
<context>
    <name>MarketTableModel</name>
    <message>
        <source>Ticker</source>
        <translation>Ticker</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Yes bid</source>
        <translation>Geld (Ja)</translation>
    </message>
    <message>
        <source>Yes ask</source>
        <translation>Brief (Ja)</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>Letzter</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Volumen</translation>
    </message>
    <message>
        <source>Open interest</source>
        <translation>Open Interest</translation>
    </message>
    <message>
        <source>Closes</source>
        <translation>Handelsschluss</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>Best bid for YES</source>
        <translation>Bester Geldkurs für JA</translation>
    </message>
    <message>
        <source>Best ask for YES</source>
        <translation>Bester Briefkurs für JA</translation>
    </message>
    <message>
        <source>Price of the last trade</source>
        <translation>Kurs des letzten Abschlusses</translation>
    </message>
    <message>
        <source>Contracts traded</source>
        <translation>Gehandelte Kontrakte</translation>
    </message>
    <message>
        <source>Contracts outstanding</source>
        <translation>Offene Kontrakte</translation>
    </message>
    <message>
        <source>When trading closes (local time)</source>
        <translation>Ende des Handels (Ortszeit)</translation>
    </message>
    <message>
        <source>When this market was last stored (local time)</source>
        <translation>Wann dieser Markt zuletzt gespeichert wurde (Ortszeit)</translation>
    </message>
    <message>
        <source>Volume 24 h</source>
        <translation>Volumen 24 h</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Contracts traded in the last 24 hours</source>
        <translation>In den letzten 24 Stunden gehandelte Kontrakte</translation>
    </message>
    <message>
        <source>How the market settled, once it has</source>
        <translation>Wie der Markt abgerechnet wurde, sobald er es ist</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Kalshi Monitor</source>
        <translation>Kalshi Monitor</translation>
    </message>
</context>
<context>
    <name>Schema</name>
    <message>
        <source>%1 is not an SQLite database; it was left untouched.</source>
        <translation>%1 ist keine SQLite-Datenbank; die Datei wurde nicht verändert.</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 has schema version %2, newer than this build understands (%3); it was left untouched. Use a newer Kalshi Monitor.</source>
        <translation>%1 hat die Schemaversion %2, neuer als diese Version versteht (%3); die Datei wurde nicht verändert. Verwenden Sie eine neuere Version von Kalshi Monitor.</translation>
    </message>
    <message>
        <source>%1 holds no Kalshi Monitor data yet (run a sync first).</source>
        <translation>%1 enthält noch keine Daten von Kalshi Monitor (synchronisieren Sie zuerst).</translation>
    </message>
    <message>
        <source>cannot prepare %1: %2</source>
        <translation>%1 kann nicht vorbereitet werden: %2</translation>
    </message>
    <message>
        <source>%1 is a folder, not a database file.</source>
        <translation>%1 ist ein Ordner, keine Datenbankdatei.</translation>
    </message>
    <message>
        <source>no database at %1</source>
        <translation>keine Datenbank unter %1</translation>
    </message>
    <message>
        <source>cannot create the folder %1</source>
        <translation>der Ordner %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>the Qt SQLite driver (QSQLITE) is not available: install libqt6sql6-sqlite</source>
        <translation>der SQLite-Treiber von Qt (QSQLITE) ist nicht verfügbar: Installieren Sie libqt6sql6-sqlite</translation>
    </message>
    <message>
        <source>cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>%1 has schema version %2, older than this build&apos;s (%3). Open it once in Kalshi Monitor or run kalshi-monitor-cli init to update it.</source>
        <translation>%1 hat die Schemaversion %2, älter als die dieser Version (%3). Öffnen Sie die Datei einmal in Kalshi Monitor oder führen Sie kalshi-monitor-cli init aus, um sie zu aktualisieren.</translation>
    </message>
    <message>
        <source>%1 is not a Kalshi Monitor database: an SQLite database of another application (it has tables but no Kalshi Monitor schema version); it was left untouched.</source>
        <translation>%1 ist keine Kalshi-Monitor-Datenbank: eine SQLite-Datenbank einer anderen Anwendung (sie hat Tabellen, aber keine Kalshi-Monitor-Schemaversion); die Datei wurde nicht verändert.</translation>
    </message>
    <message>
        <source>%1 is not a Kalshi Monitor database: an SQLite database of another application (schema version %2, but not Kalshi Monitor&apos;s tables); it was left untouched.</source>
        <translation>%1 ist keine Kalshi-Monitor-Datenbank: eine SQLite-Datenbank einer anderen Anwendung (Schemaversion %2, aber nicht die Tabellen von Kalshi Monitor); die Datei wurde nicht verändert.</translation>
    </message>
    <message>
        <source>no database file given.</source>
        <translation>keine Datenbankdatei angegeben.</translation>
    </message>
    <message>
        <source>%1 is not a plain file path (in-memory databases, URIs and Qt resource names are refused: nothing would be saved).</source>
        <translation>%1 ist kein einfacher Dateipfad (Datenbanken im Speicher, URIs und Qt-Ressourcennamen werden abgelehnt: es würde nichts gespeichert).</translation>
    </message>
    <message>
        <source>%1 is not a regular file (a device, pipe or socket).</source>
        <translation>%1 ist keine gewöhnliche Datei (ein Gerät, eine Pipe oder ein Socket).</translation>
    </message>
    <message>
        <source>%1 is not a Kalshi Monitor database: its schema has tables but no Kalshi Monitor schema version; it was left untouched.</source>
        <translation>%1 ist keine Kalshi-Monitor-Datenbank: ihr Schema hat Tabellen, aber keine Kalshi-Monitor-Schemaversion; sie wurde nicht verändert.</translation>
    </message>
    <message>
        <source>%1 is not a Kalshi Monitor database (schema version %2, but not Kalshi Monitor&apos;s tables); it was left untouched.</source>
        <translation>%1 ist keine Kalshi-Monitor-Datenbank (Schemaversion %2, aber nicht die Tabellen von Kalshi Monitor); sie wurde nicht verändert.</translation>
    </message>
    <message>
        <source>the Qt PostgreSQL driver (QPSQL) is not available: install libqt6sql6-psql</source>
        <translation>der Qt-PostgreSQL-Treiber (QPSQL) ist nicht verfügbar: installieren Sie libqt6sql6-psql</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>&amp;Snapshot every:</source>
        <translation>&amp;Momentaufnahmen alle:</translation>
    </message>
    <message>
        <source>&amp;Markets every:</source>
        <translation>Mär&amp;kte alle:</translation>
    </message>
    <message>
        <source>S&amp;ettlements every:</source>
        <translation>Abr&amp;echnungen alle:</translation>
    </message>
    <message>
        <source>%1 every:</source>
        <translation>%1 alle:</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Kalshi API</source>
        <translation>Kalshi-API</translation>
    </message>
    <message>
        <source>&amp;Production</source>
        <translation>&amp;Produktion</translation>
    </message>
    <message>
        <source>&amp;Demo</source>
        <translation>&amp;Demo</translation>
    </message>
    <message>
        <source>C&amp;ustom</source>
        <translation>&amp;Benutzerdefiniert</translation>
    </message>
    <message>
        <source>Environment:</source>
        <translation>Umgebung:</translation>
    </message>
    <message>
        <source> requests/s</source>
        <translation> Anfragen/s</translation>
    </message>
    <message>
        <source>From %1 to %2. Kalshi’s basic tier allows about 20 requests per second.</source>
        <translation>Von %1 bis %2. Kalshis Basisstufe erlaubt etwa 20 Anfragen pro Sekunde.</translation>
    </message>
    <message>
        <source>&amp;Rate limit:</source>
        <translation>Anf&amp;ragelimit:</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>Durch&amp;suchen…</translation>
    </message>
    <message>
        <source>Collection</source>
        <translation>Erfassung</translation>
    </message>
    <message>
        <source>A whole number followed by s, m or h (20s, 15m, 6h); a bare number means minutes.</source>
        <translation>Eine ganze Zahl gefolgt von s, m oder h (20s, 15m, 6h); eine Zahl ohne Einheit bedeutet Minuten.</translation>
    </message>
    <message>
        <source>Excluded</source>
        <translation>Ausgeschlossen</translation>
    </message>
    <message>
        <source>Only multivariate</source>
        <translation>Nur multivariate</translation>
    </message>
    <message>
        <source>Included</source>
        <translation>Eingeschlossen</translation>
    </message>
    <message>
        <source>Which multivariate (combination) markets the markets sync and the snapshots list</source>
        <translation>Welche multivariaten (kombinierten) Märkte die Marktsynchronisierung und die Momentaufnahmen abrufen</translation>
    </message>
    <message>
        <source>Multi&amp;variate markets:</source>
        <translation>Mu&amp;ltivariate Märkte:</translation>
    </message>
    <message>
        <source>Run a full sync &amp;when collection starts</source>
        <translation>Beim Start der Erfassung &amp;vollständig synchronisieren</translation>
    </message>
    <message>
        <source>Events, markets, settlements and a snapshot, before the scheduled jobs begin</source>
        <translation>Ereignisse, Märkte, Abrechnungen und eine Momentaufnahme, bevor die geplanten Aufgaben beginnen</translation>
    </message>
    <message>
        <source>The settings could not be saved to %1.</source>
        <translation>Die Einstellungen konnten nicht in %1 gespeichert werden.</translation>
    </message>
    <message>
        <source>Choose Database File</source>
        <translation>Datenbankdatei wählen</translation>
    </message>
    <message>
        <source>SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)</source>
        <translation>SQLite-Datenbanken (*.db *.sqlite *.sqlite3);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Watc&amp;hlist every:</source>
        <translation>Beobac&amp;htungsliste alle:</translation>
    </message>
    <message>
        <source>&lt;b&gt;In use now: the bundled simulator&lt;/b&gt; at %1 (demo mode). The choice below applies when Kalshi Monitor starts without --demo.</source>
        <translation>&lt;b&gt;Jetzt in Gebrauch: der mitgelieferte Simulator&lt;/b&gt; unter %1 (Demomodus). Die Auswahl unten gilt, wenn Kalshi Monitor ohne --demo startet.</translation>
    </message>
    <message>
        <source>&lt;b&gt;In use now: %1&lt;/b&gt; (--api-base). The choice below applies when Kalshi Monitor starts without --api-base.</source>
        <translation>&lt;b&gt;Jetzt in Gebrauch: %1&lt;/b&gt; (--api-base). Die Auswahl unten gilt, wenn Kalshi Monitor ohne --api-base startet.</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>&amp;Allgemein</translation>
    </message>
    <message>
        <source>St&amp;orage</source>
        <translation>Spei&amp;cher</translation>
    </message>
    <message>
        <source>An SQLite file, created if it does not exist (the command-line collector uses the same file by default), or a PostgreSQL server as postgresql://user@host:port/database; its password comes from PGPASSWORD or ~/.pgpass and is never saved.</source>
        <translation>Eine SQLite-Datei, die angelegt wird, falls sie fehlt (der Kommandozeilen-Sammler verwendet standardmäßig dieselbe Datei), oder ein PostgreSQL-Server als postgresql://benutzer@host:port/datenbank; sein Passwort kommt aus PGPASSWORD oder ~/.pgpass und wird nie gespeichert.</translation>
    </message>
    <message>
        <source>Da&amp;tabase:</source>
        <translation>Da&amp;tenbank:</translation>
    </message>
</context>
<context>
    <name>SettlementTableModel</name>
    <message>
        <source>Ticker</source>
        <translation>Ticker</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Settled</source>
        <translation>Abgerechnet</translation>
    </message>
    <message>
        <source>Settlement value</source>
        <translation>Abrechnungswert</translation>
    </message>
    <message>
        <source>When the market settled (local time)</source>
        <translation>Zeitpunkt der Abrechnung (Ortszeit)</translation>
    </message>
    <message>
        <source>What one YES contract paid out</source>
        <translation>Auszahlung je JA-Kontrakt</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
</context>
<context>
    <name>SnapshotChart</name>
    <message>
        <source>No market selected. Choose a market to see its price history.</source>
        <translation>Kein Markt ausgewählt. Wählen Sie einen Markt, um seinen Kursverlauf zu sehen.</translation>
    </message>
    <message>
        <source>No snapshots yet for %1. Snapshots appear once collection runs.</source>
        <translation>Noch keine Momentaufnahmen für %1. Momentaufnahmen erscheinen, sobald die Erfassung läuft.</translation>
    </message>
    <message>
        <source>Yes bid</source>
        <translation>Geld (Ja)</translation>
    </message>
    <message>
        <source>no quote</source>
        <translation>kein Kurs</translation>
    </message>
    <message>
        <source>Yes ask</source>
        <translation>Brief (Ja)</translation>
    </message>
    <message>
        <source>Last price</source>
        <translation>Letzter Kurs</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Volumen</translation>
    </message>
    <message>
        <source>Total volume</source>
        <translation>Gesamtvolumen</translation>
    </message>
    <message>
        <source>Volume (contracts)</source>
        <translation>Volumen (Kontrakte)</translation>
    </message>
    <message>
        <source>1 snapshot</source>
        <translation>1 Momentaufnahme</translation>
    </message>
    <message>
        <source>%1 snapshots</source>
        <translation>%1 Momentaufnahmen</translation>
    </message>
    <message>
        <source> · zoomed, double-click to show all</source>
        <translation> · gezoomt, Doppelklick zeigt alles</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>keine Daten</translation>
    </message>
    <message>
        <source>No traded volume in view</source>
        <translation>Kein Handelsvolumen im Ausschnitt</translation>
    </message>
    <message>
        <source>Yes bid–ask</source>
        <translation>Geld–Brief (Ja)</translation>
    </message>
    <message>
        <source>%1%</source>
        <comment>a probability in percent</comment>
        <translation>%1&#xa0;%</translation>
    </message>
    <message>
        <source>d MMM</source>
        <comment>time axis: day and month</comment>
        <translation>d. MMM</translation>
    </message>
    <message>
        <source>Time: %1</source>
        <translation>Zeit: %1</translation>
    </message>
    <message>
        <source>ddd d MMM</source>
        <comment>time axis: a new day</comment>
        <translation>ddd, d. MMM</translation>
    </message>
    <message>
        <source>ddd d MMM yyyy</source>
        <comment>time axis: the first day</comment>
        <translation>ddd, d. MMM yyyy</translation>
    </message>
    <message>
        <source>yyyy-MM-dd HH:mm:ss</source>
        <comment>crosshair time</comment>
        <translation>dd.MM.yyyy HH:mm:ss</translation>
    </message>
    <message>
        <source>daily</source>
        <translation>täglich</translation>
    </message>
    <message>
        <source>hourly</source>
        <translation>stündlich</translation>
    </message>
    <message>
        <source>per minute</source>
        <translation>minütlich</translation>
    </message>
    <message>
        <source>Kalshi history (%1)</source>
        <translation>Kalshi-Historie (%1)</translation>
    </message>
    <message>
        <source>%1 candles</source>
        <translation>%1 Kerzen</translation>
    </message>
</context>
<context>
    <name>StorageController</name>
    <message>
        <source>the database was closed before the prune finished</source>
        <translation>die Datenbank wurde geschlossen, bevor das Aufräumen fertig war</translation>
    </message>
    <message numerus="yes">
        <source>Counting: %Ln snapshot row(s) would go so far…</source>
        <translation>
            <numerusform>Zähle: bisher würde %Ln Snapshot-Zeile entfernt…</numerusform>
            <numerusform>Zähle: bisher würden %Ln Snapshot-Zeilen entfernt…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Pruning: %Ln snapshot row(s) removed so far…</source>
        <translation>
            <numerusform>Räume auf: bisher %Ln Snapshot-Zeile entfernt…</numerusform>
            <numerusform>Räume auf: bisher %Ln Snapshot-Zeilen entfernt…</numerusform>
        </translation>
    </message>
    <message>
        <source>The preview failed: %1. Nothing was changed.</source>
        <translation>Die Vorschau ist fehlgeschlagen: %1. Nichts wurde geändert.</translation>
    </message>
    <message>
        <source>Nothing to remove: no snapshot row matches these choices.</source>
        <translation>Nichts zu entfernen: keine Snapshot-Zeile passt zu dieser Wahl.</translation>
    </message>
    <message numerus="yes">
        <source>Would remove %Ln snapshot row(s).</source>
        <translation>
            <numerusform>Würde %Ln Snapshot-Zeile entfernen.</numerusform>
            <numerusform>Würde %Ln Snapshot-Zeilen entfernen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Would remove %Ln snapshot row(s), about %1.</source>
        <translation>
            <numerusform>Würde %Ln Snapshot-Zeile entfernen, etwa %1.</numerusform>
            <numerusform>Würde %Ln Snapshot-Zeilen entfernen, etwa %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln older row(s) stay: the last of each market in each hour.</source>
        <translation>
            <numerusform>%Ln ältere Zeile bleibt: die letzte jedes Markts in jeder Stunde.</numerusform>
            <numerusform>%Ln ältere Zeilen bleiben: die letzte jedes Markts in jeder Stunde.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln older row(s) stay: the last of each market in each day.</source>
        <translation>
            <numerusform>%Ln ältere Zeile bleibt: die letzte jedes Markts an jedem Tag.</numerusform>
            <numerusform>%Ln ältere Zeilen bleiben: die letzte jedes Markts an jedem Tag.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The prune stopped: %1. %Ln snapshot row(s) were removed before that; nothing else was changed or lost.</source>
        <translation>
            <numerusform>Das Aufräumen wurde beendet: %1. %Ln Snapshot-Zeile wurde vorher entfernt; sonst wurde nichts geändert oder verloren.</numerusform>
            <numerusform>Das Aufräumen wurde beendet: %1. %Ln Snapshot-Zeilen wurden vorher entfernt; sonst wurde nichts geändert oder verloren.</numerusform>
        </translation>
    </message>
    <message>
        <source>The prune stopped: %1. Nothing was changed.</source>
        <translation>Das Aufräumen wurde beendet: %1. Nichts wurde geändert.</translation>
    </message>
    <message>
        <source>Nothing was removed: no snapshot row matched these choices.</source>
        <translation>Nichts wurde entfernt: keine Snapshot-Zeile passte zu dieser Wahl.</translation>
    </message>
    <message numerus="yes">
        <source>Removed %Ln snapshot row(s).</source>
        <translation>
            <numerusform>%Ln Snapshot-Zeile entfernt.</numerusform>
            <numerusform>%Ln Snapshot-Zeilen entfernt.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 were given back to the file system.</source>
        <translation>%1 wurden an das Dateisystem zurückgegeben.</translation>
    </message>
    <message>
        <source>The file shrank accordingly.</source>
        <translation>Die Datei ist entsprechend geschrumpft.</translation>
    </message>
    <message>
        <source>The file keeps its size: the %1 freed inside it are reused by new snapshots.</source>
        <translation>Die Datei behält ihre Größe: die darin freigegebenen %1 werden von neuen Snapshots wiederverwendet.</translation>
    </message>
    <message>
        <source>The server&apos;s VACUUM (autovacuum) makes their space reusable by new snapshots; the tables keep their size on disk.</source>
        <translation>VACUUM des Servers (Autovacuum) macht ihren Platz für neue Snapshots wieder nutzbar; die Tabellen behalten ihre Größe auf der Festplatte.</translation>
    </message>
    <message>
        <source>Daily pruning is for SQLite files. This database is shared on a PostgreSQL server:
prune it on demand here, or where its collector runs (kalshi-monitor-cli prune --db URL).</source>
        <translation>Tägliches Ausdünnen gibt es nur für SQLite-Dateien. Diese Datenbank liegt geteilt auf einem PostgreSQL-Server:
Dünnen Sie sie hier bei Bedarf aus oder dort, wo ihr Sammler läuft (kalshi-monitor-cli prune --db URL).</translation>
    </message>
</context>
<context>
    <name>StoragePage</name>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>Prune Snapshots</source>
        <translation>Snapshots aufräumen</translation>
    </message>
    <message>
        <source>Old snapshots</source>
        <translation>Alte Snapshots</translation>
    </message>
    <message>
        <source>&amp;Thin snapshots older than:</source>
        <translation>Snapshots aus&amp;dünnen, die älter sind als:</translation>
    </message>
    <message>
        <source>The last state of each market in each &amp;hour</source>
        <translation>Den letzten Stand jedes Markts in jeder &amp;Stunde</translation>
    </message>
    <message>
        <source>The last state of each market in each d&amp;ay</source>
        <translation>Den letzten Stand jedes Markts an jedem &amp;Tag</translation>
    </message>
    <message>
        <source>&amp;Nothing: drop them</source>
        <translation>&amp;Nichts: sie löschen</translation>
    </message>
    <message>
        <source>Of those, keep:</source>
        <translation>Davon behalten:</translation>
    </message>
    <message>
        <source>Also drop &amp;every snapshot of markets settled more than</source>
        <translation>Auch &amp;jeden Snapshot von Märkten löschen, deren Abrechnung mehr als</translation>
    </message>
    <message>
        <source>ago</source>
        <translation>her ist</translation>
    </message>
    <message>
        <source>Prune &amp;daily with these choices while Kalshi Monitor is open</source>
        <translation>Mit dieser Wahl tägl&amp;ich aufräumen, solange Kalshi Monitor läuft</translation>
    </message>
    <message>
        <source>Pre&amp;view</source>
        <translation>&amp;Vorschau</translation>
    </message>
    <message>
        <source>Count what a prune with these choices would remove; nothing is changed</source>
        <translation>Zählen, was ein Aufräumen mit dieser Wahl entfernen würde; nichts wird geändert</translation>
    </message>
    <message>
        <source>&amp;Prune Now</source>
        <translation>Jetzt a&amp;ufräumen</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>An&amp;halten</translation>
    </message>
    <message>
        <source>Stop after the current batch; what was removed until then stays removed</source>
        <translation>Nach dem laufenden Stapel anhalten; was bis dahin entfernt wurde, bleibt entfernt</translation>
    </message>
    <message>
        <source>Size per table</source>
        <translation>Größe je Tabelle</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>Aktualisie&amp;ren</translation>
    </message>
    <message>
        <source>Stopping after the current batch…</source>
        <translation>Halte nach dem laufenden Stapel an…</translation>
    </message>
    <message>
        <source>A prune is running; wait for it or stop it first.</source>
        <translation>Ein Aufräumen läuft; warten Sie darauf oder halten Sie es zuerst an.</translation>
    </message>
    <message numerus="yes">
        <source>Remove every snapshot older than %n day(s)?</source>
        <translation>
            <numerusform>Jeden Snapshot entfernen, der älter als %n Tag ist?</numerusform>
            <numerusform>Jeden Snapshot entfernen, der älter als %n Tage ist?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Thin the snapshots older than %n day(s) to the last of each hour?</source>
        <translation>
            <numerusform>Die Snapshots, die älter als %n Tag sind, auf den letzten jeder Stunde ausdünnen?</numerusform>
            <numerusform>Die Snapshots, die älter als %n Tage sind, auf den letzten jeder Stunde ausdünnen?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Thin the snapshots older than %n day(s) to the last of each day?</source>
        <translation>
            <numerusform>Die Snapshots, die älter als %n Tag sind, auf den letzten jedes Tages ausdünnen?</numerusform>
            <numerusform>Die Snapshots, die älter als %n Tage sind, auf den letzten jedes Tages ausdünnen?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Also remove every snapshot of the markets settled more than %n day(s) ago?</source>
        <translation>
            <numerusform>Auch jeden Snapshot der Märkte entfernen, die vor mehr als %n Tag abgerechnet wurden?</numerusform>
            <numerusform>Auch jeden Snapshot der Märkte entfernen, die vor mehr als %n Tagen abgerechnet wurden?</numerusform>
        </translation>
    </message>
    <message>
        <source>Removed snapshots cannot be brought back.</source>
        <translation>Entfernte Snapshots lassen sich nicht zurückholen.</translation>
    </message>
    <message>
        <source>The database is not open: nothing can be pruned or measured now.</source>
        <translation>Die Datenbank ist nicht geöffnet: jetzt lässt sich nichts aufräumen oder messen.</translation>
    </message>
    <message>
        <source>Measuring the tables…</source>
        <translation>Die Tabellen werden gemessen…</translation>
    </message>
    <message>
        <source>Last daily prune: %1</source>
        <translation>Letztes tägliches Aufräumen: %1</translation>
    </message>
    <message>
        <source>No daily prune has run yet.</source>
        <translation>Noch kein tägliches Aufräumen ist gelaufen.</translation>
    </message>
    <message>
        <source>Counting what would go…</source>
        <translation>Zähle, was entfernt würde…</translation>
    </message>
    <message>
        <source>Pruning…</source>
        <translation>Räume auf…</translation>
    </message>
    <message>
        <source>The sizes could not be read: %1</source>
        <translation>Die Größen ließen sich nicht lesen: %1</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 Bytes</translation>
    </message>
    <message>
        <source>This SQLite library cannot measure single tables.</source>
        <translation>Diese SQLite-Bibliothek kann einzelne Tabellen nicht messen.</translation>
    </message>
    <message>
        <source>The file with its write-ahead log: %1, of which %2 free inside it for new data.</source>
        <translation>Die Datei mit ihrem Write-Ahead-Log: %1, davon %2 frei für neue Daten.</translation>
    </message>
    <message>
        <source>The database on the PostgreSQL server: %1 (pg_database_size).</source>
        <translation>Die Datenbank auf dem PostgreSQL-Server: %1 (pg_database_size).</translation>
    </message>
</context>
<context>
    <name>StorageSettings</name>
    <message>
        <source>“%1” is not a number of days from %2 to %3</source>
        <translation>„%1“ ist keine Zahl von Tagen von %2 bis %3</translation>
    </message>
    <message>
        <source>“%1” is not hourly, daily or none</source>
        <translation>„%1“ ist nicht hourly, daily oder none</translation>
    </message>
</context>
<context>
    <name>SyncFormat</name>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>truncated</source>
        <translation>unvollständig</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>not run</source>
        <translation>nicht ausgeführt</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>Markets</source>
        <translation>Märkte</translation>
    </message>
    <message>
        <source>Settlements</source>
        <translation>Abrechnungen</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>Momentaufnahme</translation>
    </message>
    <message>
        <source>Full sync</source>
        <translation>Vollständige Synchronisierung</translation>
    </message>
    <message>
        <source>Events sync</source>
        <translation>Synchronisierung der Ereignisse</translation>
    </message>
    <message>
        <source>Markets sync</source>
        <translation>Synchronisierung der Märkte</translation>
    </message>
    <message>
        <source>Settlements sync</source>
        <translation>Synchronisierung der Abrechnungen</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Synchronisierung</translation>
    </message>
    <message>
        <source>Sync “%1”</source>
        <translation>Synchronisierung „%1“</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>abandoned</source>
        <translation>verwaist</translation>
    </message>
    <message>
        <source>&lt; 1 s</source>
        <translation>&lt; 1 s</translation>
    </message>
    <message>
        <source>Can&apos;t reach %1</source>
        <translation>%1 nicht erreichbar</translation>
    </message>
    <message>
        <source>Can&apos;t reach %1 (%2)</source>
        <translation>%1 nicht erreichbar (%2)</translation>
    </message>
    <message>
        <source>%1 does not answer (no data for %2 s)</source>
        <translation>%1 antwortet nicht (seit %2 s keine Daten)</translation>
    </message>
    <message>
        <source>%1 answers too slowly (no complete answer within %2 s)</source>
        <translation>%1 antwortet zu langsam (keine vollständige Antwort innerhalb von %2 s)</translation>
    </message>
    <message>
        <source>Kalshi is limiting our requests</source>
        <translation>Kalshi begrenzt unsere Anfragen</translation>
    </message>
    <message>
        <source>Server error %1</source>
        <translation>Serverfehler %1</translation>
    </message>
    <message>
        <source>%1 refused the request (HTTP %2)</source>
        <translation>%1 hat die Anfrage abgelehnt (HTTP %2)</translation>
    </message>
    <message>
        <source>Kalshi is limiting our requests — waiting %1 s</source>
        <translation>Kalshi begrenzt unsere Anfragen — warte %1 s</translation>
    </message>
    <message>
        <source>Server error %1 — retrying in %2 s</source>
        <translation>Serverfehler %1 — neuer Versuch in %2 s</translation>
    </message>
    <message>
        <source>%1 — attempt %2 of %3 in %4 s</source>
        <translation>%1 — Versuch %2 von %3 in %4 s</translation>
    </message>
    <message>
        <source>Kalshi kept limiting our requests: lower the request rate in Settings, or retry in a few minutes.</source>
        <translation>Kalshi hat unsere Anfragen weiter begrenzt: Senken Sie die Anfragerate in den Einstellungen oder versuchen Sie es in einigen Minuten erneut.</translation>
    </message>
    <message>
        <source>Kalshi&apos;s server is having trouble: retry in a few minutes.</source>
        <translation>Kalshis Server hat Probleme: Versuchen Sie es in einigen Minuten erneut.</translation>
    </message>
    <message>
        <source>Check the API address in Settings and the network connection, then retry.</source>
        <translation>Prüfen Sie die API-Adresse in den Einstellungen und die Netzwerkverbindung und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>the API server</source>
        <translation>der API-Server</translation>
    </message>
    <message numerus="yes">
        <source>%1 (gave up after %n attempt(s))</source>
        <translation>
            <numerusform>%1 (nach %n Versuch aufgegeben)</numerusform>
            <numerusform>%1 (nach %n Versuchen aufgegeben)</numerusform>
        </translation>
    </message>
    <message>
        <source>History fetch</source>
        <translation>Verlaufsabruf</translation>
    </message>
    <message numerus="yes">
        <source>%Ln event(s)</source>
        <translation>
            <numerusform>%Ln Ereignis</numerusform>
            <numerusform>%Ln Ereignisse</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln market(s)</source>
        <translation>
            <numerusform>%Ln Markt</numerusform>
            <numerusform>%Ln Märkte</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln settlement(s)</source>
        <translation>
            <numerusform>%Ln Abrechnung</numerusform>
            <numerusform>%Ln Abrechnungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>a snapshot of %Ln market(s)</source>
        <translation>
            <numerusform>eine Momentaufnahme von %Ln Markt</numerusform>
            <numerusform>eine Momentaufnahme von %Ln Märkten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>a watchlist snapshot of %Ln market(s)</source>
        <translation>
            <numerusform>eine Momentaufnahme der Beobachtungsliste von %Ln Markt</numerusform>
            <numerusform>eine Momentaufnahme der Beobachtungsliste von %Ln Märkten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln candle(s)</source>
        <translation>
            <numerusform>%Ln Kerze</numerusform>
            <numerusform>%Ln Kerzen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncJobRunner</name>
    <message>
        <source>unknown job %1</source>
        <translation>unbekannte Aufgabe %1</translation>
    </message>
    <message>
        <source>another sync is still running</source>
        <translation>eine andere Synchronisierung läuft noch</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n Seite</numerusform>
            <numerusform>%n Seiten</numerusform>
        </translation>
    </message>
    <message>
        <source>, truncated</source>
        <translation>, unvollständig</translation>
    </message>
    <message>
        <source>cannot read the watchlist: %1</source>
        <translation>Beobachtungsliste nicht lesbar: %1</translation>
    </message>
    <message>
        <source>no market watched</source>
        <translation>kein Markt beobachtet</translation>
    </message>
</context>
<context>
    <name>SyncRunTableModel</name>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>Started %1, finished %2</source>
        <translation>Gestartet %1, beendet %2</translation>
    </message>
    <message>
        <source>Started %1</source>
        <translation>Gestartet %1</translation>
    </message>
    <message>
        <source>Malformed items that were skipped</source>
        <translation>Fehlerhafte Einträge, die übersprungen wurden</translation>
    </message>
    <message>
        <source>HTTP requests that were retried</source>
        <translation>HTTP-Anfragen, die wiederholt wurden</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Seiten</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Übersprungen</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
</context>
<context>
    <name>SyncSession</name>
    <message>
        <source>Cancelling %1 after the pages already fetched are stored</source>
        <translation>%1 wird abgebrochen, sobald die bereits abgerufenen Seiten gespeichert sind</translation>
    </message>
    <message>
        <source>%1: cannot record the sync in the database: %2</source>
        <translation>%1: Die Synchronisierung kann nicht in der Datenbank vermerkt werden: %2</translation>
    </message>
    <message>
        <source>%1: retrying in %2 ms: %3</source>
        <translation>%1: neuer Versuch in %2 ms: %3</translation>
    </message>
    <message>
        <source>%1 page %2: skipped %3: %4</source>
        <translation>%1 Seite %2: %3 übersprungen: %4</translation>
    </message>
    <message>
        <source>an item without ticker</source>
        <translation>einen Eintrag ohne Ticker</translation>
    </message>
    <message>
        <source>%1 page %2: the database refused the page: %3</source>
        <translation>%1 Seite %2: Die Datenbank hat die Seite abgelehnt: %3</translation>
    </message>
    <message>
        <source>stopped at the page limit (%1) with more pages left</source>
        <translation>am Seitenlimit (%1) angehalten, obwohl weitere Seiten vorhanden sind</translation>
    </message>
    <message>
        <source>%1: could not record the end of the sync: %2</source>
        <translation>%1: Das Ende der Synchronisierung konnte nicht vermerkt werden: %2</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>creation time</source>
        <translation>Erstellungszeit</translation>
    </message>
    <message>
        <source>close time</source>
        <translation>Schlusszeit</translation>
    </message>
    <message>
        <source>%1: each request took longer than the rate limit&apos;s interval; listing the rest in %2 windows by %3, %4 requests at a time</source>
        <translation>%1: Jede Anfrage dauerte länger als das Intervall des Ratenlimits; der Rest wird in %2 Fenstern nach %3 gelistet, %4 Anfragen gleichzeitig</translation>
    </message>
</context>
<context>
    <name>SyncWorker</name>
    <message>
        <source>Collection job %1 failed: %2</source>
        <translation>Erfassungsaufgabe %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Using the API at %1, at most %2 requests per second</source>
        <translation>API unter %1, höchstens %2 Anfragen pro Sekunde</translation>
    </message>
</context>
<context>
    <name>TableExporter</name>
    <message>
        <source>connection %1 is not an open SQLite connection</source>
        <translation>Die Verbindung %1 ist keine offene SQLite-Verbindung</translation>
    </message>
    <message>
        <source>cannot write the export: %1</source>
        <translation>Der Export kann nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <source>the export was cancelled</source>
        <translation>der Export wurde abgebrochen</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <source>Show &amp;Window</source>
        <translation>&amp;Fenster anzeigen</translation>
    </message>
    <message>
        <source>Syncing</source>
        <translation>Synchronisierung läuft</translation>
    </message>
    <message>
        <source>Collection on</source>
        <translation>Erfassung an</translation>
    </message>
    <message>
        <source>Collection off</source>
        <translation>Erfassung aus</translation>
    </message>
    <message>
        <source>Kalshi Monitor: %1</source>
        <translation>Kalshi Monitor: %1</translation>
    </message>
    <message>
        <source>Collection paused</source>
        <translation>Erfassung pausiert</translation>
    </message>
</context>
<context>
    <name>WatchlistTableModel</name>
    <message>
        <source>(not stored yet)</source>
        <translation>(noch nicht gespeichert)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>last price of the latest %n snapshot(s)</source>
        <translation>
            <numerusform>letzter Preis aus %n Snapshot</numerusform>
            <numerusform>letzter Preis der letzten %n Snapshots</numerusform>
        </translation>
    </message>
    <message>
        <source>Ticker</source>
        <translation>Ticker</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Yes bid</source>
        <translation>Geld (Ja)</translation>
    </message>
    <message>
        <source>Yes ask</source>
        <translation>Brief (Ja)</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>Letzter</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Change 24 h</source>
        <translation>Änderung 24 h</translation>
    </message>
    <message>
        <source>Volume 24 h</source>
        <translation>Volumen 24 h</translation>
    </message>
    <message>
        <source>Closes</source>
        <translation>Handelsschluss</translation>
    </message>
    <message>
        <source>Trend</source>
        <translation>Verlauf</translation>
    </message>
</context>
<context>
    <name>WatchlistWidget</name>
    <message>
        <source>&amp;Remove from Watchlist</source>
        <translation>Aus der Watchlist entfe&amp;rnen</translation>
    </message>
    <message>
        <source>Cannot read the watchlist: %1</source>
        <translation>Die Watchlist kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The watchlist could not be changed: %1</source>
        <translation>Die Watchlist konnte nicht geändert werden: %1</translation>
    </message>
    <message>
        <source>Open Chart</source>
        <translation>Chart öffnen</translation>
    </message>
    <message>
        <source>Remove from Watchlist</source>
        <translation>Aus der Watchlist entfernen</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>Keine Datenbank geöffnet.</translation>
    </message>
    <message>
        <source>No watched markets. Add one with &quot;Add to Watchlist&quot; in the Browser&apos;s row menu, or with kalshi-monitor-cli watch add TICKER.</source>
        <translation>Keine beobachteten Märkte. Hinzufügen mit „Zur Watchlist hinzufügen“ im Zeilenmenü des Browsers oder mit kalshi-monitor-cli watch add TICKER.</translation>
    </message>
    <message numerus="yes">
        <source>%n watched market(s). Double-click a row to open its chart.</source>
        <translation>
            <numerusform>%n beobachteter Markt. Doppelklick auf die Zeile öffnet seinen Chart.</numerusform>
            <numerusform>%n beobachtete Märkte. Doppelklick auf eine Zeile öffnet ihren Chart.</numerusform>
        </translation>
    </message>
    <message>
        <source>Alert Me…</source>
        <translation>Alarm einrichten…</translation>
    </message>
</context>
</TS>
