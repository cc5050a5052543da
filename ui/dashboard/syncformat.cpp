#include "syncformat.h"

#include "sync/syncsummary.h"

#include <QLocale>
#include <QStringList>

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <limits>

namespace {

// A 16x16 (logical) disc in the status colour with a white glyph; an outline for statuses that
// are not under way yet.
void paintStatusGlyph(QPixmap &pixmap, std::optional<SyncStatus> status, const QColor &color)
{
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF disc(1.5, 1.5, 13, 13);
    if (!status || status == SyncStatus::Waiting || status == SyncStatus::NotRun) {
        painter.setPen(QPen(color, 1.6));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(disc);
        if (status == SyncStatus::NotRun)
            painter.drawLine(QPointF(5.5, 8), QPointF(10.5, 8));
        return;
    }
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawEllipse(disc);
    painter.setPen(QPen(Qt::white, 1.9, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.setBrush(Qt::NoBrush);
    if (status == SyncStatus::Ok) {
        QPainterPath check;
        check.moveTo(4.8, 8.3);
        check.lineTo(7.1, 10.6);
        check.lineTo(11.3, 5.8);
        painter.drawPath(check);
    } else if (status == SyncStatus::Failed) {
        painter.drawLine(QPointF(5.6, 5.6), QPointF(10.4, 10.4));
        painter.drawLine(QPointF(10.4, 5.6), QPointF(5.6, 10.4));
    } else if (status == SyncStatus::Truncated) {
        painter.drawLine(QPointF(8, 4.6), QPointF(8, 8.6));
        painter.drawPoint(QPointF(8, 11.2));
    } else if (status == SyncStatus::Running) {
        painter.setPen(Qt::NoPen);
        painter.setBrush(Qt::white);
        const QPointF play[] = {{6.4, 4.9}, {11.4, 8}, {6.4, 11.1}};
        painter.drawPolygon(play, 3);
    } else {
        painter.drawLine(QPointF(5.2, 8), QPointF(10.8, 8));
    }
}

} // namespace

QString SyncFormat::statusText(std::optional<SyncStatus> status)
{
    if (!status)
        return QStringLiteral("\u2014");
    switch (*status) {
    case SyncStatus::Waiting:
        return tr("waiting");
    case SyncStatus::Running:
        return tr("running");
    case SyncStatus::Ok:
        return tr("ok");
    case SyncStatus::Failed:
        return tr("failed");
    case SyncStatus::Truncated:
        return tr("truncated");
    case SyncStatus::Cancelled:
        return tr("cancelled");
    case SyncStatus::NotRun:
        return tr("not run");
    case SyncStatus::Abandoned:
        return tr("abandoned");
    }
    return SyncState::toText(*status);
}

QColor SyncFormat::statusColor(std::optional<SyncStatus> status)
{
    // Mid-tone colours that stay readable on light and dark window backgrounds.
    if (status == SyncStatus::Running)
        return QColor(0x1e, 0x6f, 0xc8);
    if (status == SyncStatus::Ok)
        return QColor(0x2e, 0x8b, 0x3e);
    if (status == SyncStatus::Failed)
        return QColor(0xd0, 0x33, 0x2f);
    if (status == SyncStatus::Truncated)
        return QColor(0xd9, 0x77, 0x06);
    return QColor(0x8a, 0x8f, 0x96);
}

QIcon SyncFormat::statusIcon(std::optional<SyncStatus> status)
{
    const QColor color = statusColor(status);
    QIcon icon;
    for (const int scale : {1, 2}) {
        QPixmap pixmap(16 * scale, 16 * scale);
        pixmap.setDevicePixelRatio(scale);
        pixmap.fill(Qt::transparent);
        paintStatusGlyph(pixmap, status, color);
        icon.addPixmap(pixmap);
    }
    return icon;
}

QString SyncFormat::phaseTitle(SyncPhase phase)
{
    switch (phase) {
    case SyncPhase::Events:
        return tr("Events");
    case SyncPhase::Markets:
        return tr("Markets");
    case SyncPhase::Settlements:
        return tr("Settlements");
    case SyncPhase::Snapshot:
        return tr("Snapshot");
    case SyncPhase::HistoricalSettlements:
    case SyncPhase::Watchlist:
    case SyncPhase::Backfill:
        break;
    }
    return SyncState::toText(phase);
}

QString SyncFormat::commandTitle(const QString &command)
{
    if (command == u"full-sync")
        return tr("Full sync");
    if (command == u"snapshot")
        return tr("Snapshot");
    if (command == u"sync-events" || command == u"events")
        return tr("Events sync");
    if (command == u"sync-markets" || command == u"markets")
        return tr("Markets sync");
    if (command == u"sync-settlements" || command == u"settlements")
        return tr("Settlements sync");
    if (command == u"backfill")
        return tr("History fetch");
    if (command.isEmpty())
        return tr("Sync");
    return tr("Sync \u201c%1\u201d").arg(command);
}

QString SyncFormat::elapsed(qint64 ms)
{
    ms = qMax<qint64>(ms, 0);
    if (ms < 60 * 1000) {
        // Tenths, rounded down so that a running clock never shows a value it has not reached.
        const qint64 tenths = ms / 100;
        return tr("%1 s").arg(QLocale().toString(double(tenths) / 10.0, 'f', 1));
    }
    return seconds(ms / 1000);
}

QString SyncFormat::seconds(qint64 seconds)
{
    // The database keeps whole seconds: a quick run took less than one, not none.
    if (seconds <= 0)
        return tr("< 1 s");
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QString SyncFormat::requestProblem(const RequestError &error, const QString &server)
{
    switch (error.kind) {
    case RequestError::Kind::Network: {
        QString detail = error.detail.trimmed();
        if (!detail.isEmpty())
            detail[0] = detail.at(0).toLower();
        return detail.isEmpty() ? tr("Can't reach %1").arg(server)
                                : tr("Can't reach %1 (%2)").arg(server, detail);
    }
    case RequestError::Kind::Timeout:
        return tr("%1 does not answer (no data for %2 s)").arg(server).arg(error.limit / 1000);
    case RequestError::Kind::Deadline:
        return tr("%1 answers too slowly (no complete answer within %2 s)")
            .arg(server)
            .arg(error.limit / 1000);
    case RequestError::Kind::Http:
        if (error.httpStatus == 429)
            return tr("Kalshi is limiting our requests");
        if (error.httpStatus >= 500)
            return tr("Server error %1").arg(error.httpStatus);
        return tr("%1 refused the request (HTTP %2)").arg(server).arg(error.httpStatus);
    default:
        return error.reason();
    }
}

QString SyncFormat::storedError(const QString &stored, const QString &server)
{
    const RequestError error = RequestError::fromText(stored);
    if (error.kind == RequestError::Kind::None)
        return stored.trimmed();
    // A sync_runs row does not say which server the sync asked: the CLI may have used another one.
    QString problem = requestProblem(error, server.isEmpty() ? tr("the API server") : server);
    problem[0] = problem.at(0).toUpper();
    return error.attempts > 1 ? gaveUp(problem, error.attempts) : problem;
}

QString SyncFormat::gaveUp(const QString &problem, int attempts)
{
    return tr("%1 (gave up after %n attempt(s))", nullptr, attempts).arg(problem);
}

QString SyncFormat::retryText(const SyncRetry &retry, qint64 remainingMs)
{
    const qint64 seconds = (qMax<qint64>(remainingMs, 0) + 999) / 1000;
    if (retry.error.kind == RequestError::Kind::Http && retry.error.httpStatus == 429)
        return tr("Kalshi is limiting our requests \u2014 waiting %1 s").arg(seconds);
    if (retry.error.kind == RequestError::Kind::Http && retry.error.httpStatus >= 500)
        return tr("Server error %1 \u2014 retrying in %2 s").arg(retry.error.httpStatus).arg(seconds);
    return tr("%1 \u2014 attempt %2 of %3 in %4 s")
        .arg(requestProblem(retry.error, retry.server))
        .arg(retry.attempt)
        .arg(retry.maxAttempts)
        .arg(seconds);
}

QString SyncFormat::failureHint(const RequestError &error)
{
    if (error.kind == RequestError::Kind::Http && error.httpStatus == 429)
        return tr("Kalshi kept limiting our requests: lower the request rate in Settings, or retry in a few "
                  "minutes.");
    if (error.kind == RequestError::Kind::Http && error.httpStatus >= 500)
        return tr("Kalshi's server is having trouble: retry in a few minutes.");
    return tr("Check the API address in Settings and the network connection, then retry.");
}

QString SyncFormat::timeOfDay(const QDateTime &time)
{
    if (!time.isValid())
        return QStringLiteral("\u2014");
    const QDateTime local = time.toLocalTime();
    if (local.date() == QDate::currentDate())
        return local.toString(QStringLiteral("HH:mm:ss"));
    return local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString SyncFormat::dateTime(const QDateTime &time)
{
    if (!time.isValid())
        return QStringLiteral("\u2014");
    return time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

StoredCounts StoredCounts::fromRows(const RowCounts &counts, bool watchlist)
{
    StoredCounts stored;
    stored.events = counts.events;
    stored.markets = counts.markets;
    stored.settlements = counts.settlements;
    stored.candles = counts.candles;
    if (counts.snapshots > 0)
        (watchlist ? stored.watchlistSnapshot : stored.snapshot) = counts.snapshots;
    return stored;
}

int SyncFormat::pluralCount(qint64 count)
{
    return int(qMin<qint64>(count, std::numeric_limits<int>::max()));
}

QString SyncFormat::storedCounts(const StoredCounts &stored)
{
    QStringList parts;
    if (stored.events > 0)
        parts.append(tr("%Ln event(s)", nullptr, pluralCount(stored.events)));
    if (stored.markets > 0)
        parts.append(tr("%Ln market(s)", nullptr, pluralCount(stored.markets)));
    if (stored.settlements > 0)
        parts.append(tr("%Ln settlement(s)", nullptr, pluralCount(stored.settlements)));
    if (stored.snapshot)
        parts.append(tr("a snapshot of %Ln market(s)", nullptr, pluralCount(*stored.snapshot)));
    if (stored.watchlistSnapshot)
        parts.append(
            tr("a watchlist snapshot of %Ln market(s)", nullptr, pluralCount(*stored.watchlistSnapshot)));
    if (stored.candles > 0)
        parts.append(tr("%Ln candle(s)", nullptr, pluralCount(stored.candles)));
    return QLocale().createSeparatedList(parts);
}
