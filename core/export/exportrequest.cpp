#include "export/exportrequest.h"

#include <QDateTime>
#include <QRegularExpression>

std::optional<ExportRequest::Table> ExportRequest::tableFromName(const QString &name)
{
    for (const Table table : {Table::Snapshots, Table::Markets, Table::Events, Table::Settlements}) {
        if (tableName(table) == name)
            return table;
    }
    return std::nullopt;
}

QString ExportRequest::tableName(Table table)
{
    switch (table) {
    case Table::Snapshots:
        return QStringLiteral("snapshots");
    case Table::Markets:
        return QStringLiteral("markets");
    case Table::Events:
        return QStringLiteral("events");
    case Table::Settlements:
        return QStringLiteral("settlements");
    }
    return QString();
}

std::optional<qint64> ExportRequest::parseTime(const QString &text, qint64 now)
{
    static const QRegularExpression agoPattern(QStringLiteral("^(\\d{1,9})([mhdw])$"));
    static const QRegularExpression datePattern(QStringLiteral(
        "^(\\d{4})-(\\d{2})-(\\d{2})(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2}))?(Z|[+-]\\d{2}:\\d{2})?)?$"));
    if (const QRegularExpressionMatch ago = agoPattern.match(text); ago.hasMatch()) {
        const qint64 count = ago.captured(1).toLongLong();
        const QChar unit = ago.captured(2).at(0);
        const qint64 seconds = unit == u'm' ? 60 : unit == u'h' ? 3600 : unit == u'd' ? 86400 : 7 * 86400;
        return now - count * seconds;
    }
    const QRegularExpressionMatch date = datePattern.match(text);
    if (!date.hasMatch())
        return std::nullopt;
    const QDate day(date.captured(1).toInt(), date.captured(2).toInt(), date.captured(3).toInt());
    // QTime accepts no 24:00 and no leap second 60; both are refused rather than guessed.
    const QTime time(date.captured(4).toInt(), date.captured(5).toInt(), date.captured(6).toInt());
    if (!day.isValid() || !time.isValid())
        return std::nullopt;
    int offsetSeconds = 0;
    if (const QString offset = date.captured(7); offset.size() == 6) {
        const int hours = offset.mid(1, 2).toInt();
        const int minutes = offset.mid(4, 2).toInt();
        if (hours > 23 || minutes > 59)
            return std::nullopt;
        offsetSeconds = (offset.at(0) == u'-' ? -1 : 1) * (hours * 3600 + minutes * 60);
    }
    return QDateTime(day, time, Qt::UTC).toSecsSinceEpoch() - offsetSeconds;
}
