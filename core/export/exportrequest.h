#pragma once

#include <QString>
#include <QStringList>

#include <optional>

// What `kalshi-monitor-cli export` writes: one table, its filters, the format and the units.
// A plain value; parsing helpers are pure functions usable from any thread.
struct ExportRequest
{
    enum class Table { Snapshots, Markets, Events, Settlements };
    enum class Format { Csv, Jsonl };

    Table table = Table::Snapshots;
    Format format = Format::Csv;
    QStringList tickers; // market tickers; empty = all
    QString eventTicker;
    QString seriesTicker;
    std::optional<qint64> since; // Unix seconds, inclusive
    std::optional<qint64> until; // Unix seconds, exclusive
    bool dollars = false; // decimal dollars and contracts instead of micro-dollars and centi-contracts
    QString outPath = QStringLiteral("-"); // "-" is stdout

    bool toStdout() const { return outPath == QStringLiteral("-"); }

    static std::optional<Table> tableFromName(const QString &name);
    static QString tableName(Table table);

    // "7d", "12h", "30m", "2w" before `now`; "2026-11-01" (00:00 UTC); "2026-11-01T12:30[:45]" with
    // "Z" or "+02:00" or no offset (UTC), a space instead of the "T" accepted. Unix seconds.
    static std::optional<qint64> parseTime(const QString &text, qint64 now);
};
