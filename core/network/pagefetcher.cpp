#include "network/pagefetcher.h"

#include "network/kalshiclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaMethod>
#include <QThread>

PageFetcher::Endpoint PageFetcher::Endpoint::events()
{
    return {QStringLiteral("/events"), QStringLiteral("events"), 200};
}

PageFetcher::Endpoint PageFetcher::Endpoint::markets()
{
    return {QStringLiteral("/markets"), QStringLiteral("markets"), 1000};
}

PageFetcher::PageFetcher(
    KalshiClient *client, const Endpoint &endpoint, const QUrlQuery &query, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_endpoint(endpoint)
    , m_query(query)
{
    m_query.removeAllQueryItems(QStringLiteral("cursor"));
    if (m_endpoint.maxLimit > 0) {
        const QString key = QStringLiteral("limit");
        const int asked = m_query.queryItemValue(key).toInt();
        const int limit = asked > 0 ? qMin(asked, m_endpoint.maxLimit) : m_endpoint.maxLimit;
        m_query.removeAllQueryItems(key);
        m_query.addQueryItem(key, QString::number(limit));
    }
    if (m_client) {
        connect(m_client, &KalshiClient::finished, this, &PageFetcher::onClientFinished);
        connect(m_client, &KalshiClient::retrying, this, [this](quint64 id) {
            if (id != 0 && id == m_requestId)
                ++m_outcome.retries;
        });
    }
}

PageFetcher::~PageFetcher()
{
    // Dropped mid-run: the request goes too, but nobody is left to hear about it.
    if (m_requestId != 0 && m_client) {
        disconnect(m_client, nullptr, this, nullptr);
        m_client->cancel(m_requestId);
    }
}

void PageFetcher::setMaxPagesAhead(int pages)
{
    m_maxPagesAhead = pages;
    requestNextIfAllowed();
}

void PageFetcher::fail(RequestError::Kind kind, int page, const QString &detail)
{
    RequestError error;
    error.kind = kind;
    error.page = page;
    error.detail = detail;
    finish(kind == RequestError::Kind::Cancelled ? Status::Cancelled : Status::Failed, error);
}

void PageFetcher::start()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_started)
        return;
    m_started = true;
    if (!m_client) {
        fail(RequestError::Kind::NoClient, 1);
        return;
    }
    m_nextCursor = QString();
    requestNextIfAllowed();
}

void PageFetcher::acknowledge(int page)
{
    m_acknowledged = qMax(m_acknowledged, page);
    requestNextIfAllowed();
}

void PageFetcher::cancel()
{
    if (m_done)
        return;
    m_started = true;
    fail(RequestError::Kind::Cancelled, m_requestId != 0 ? m_requestPage : m_outcome.pages + 1);
}

void PageFetcher::requestNextIfAllowed()
{
    if (!m_started || m_done || m_requestId != 0 || !m_nextCursor || !m_client)
        return;
    const int page = m_outcome.pages + 1;
    if (m_maxPagesAhead >= 0 && page > m_acknowledged + 1 + m_maxPagesAhead)
        return;
    QUrlQuery query = m_query;
    // QUrlQuery reads '%' as the start of an escape; a cursor is opaque text, so escape it.
    if (!m_nextCursor->isEmpty())
        query.addQueryItem(
            QStringLiteral("cursor"), QString(*m_nextCursor).replace(u'%', QLatin1String("%25")));
    m_nextCursor.reset();
    m_requestPage = page;
    m_requestId = m_client->get(m_endpoint.path, query);
}

void PageFetcher::onClientFinished(quint64 id, bool ok, const QByteArray &body, const RequestError &error)
{
    if (id == 0 || id != m_requestId)
        return;
    m_requestId = 0;
    const int page = m_requestPage;
    if (!ok) {
        RequestError failure = error;
        failure.page = page;
        finish(error.kind == RequestError::Kind::Cancelled ? Status::Cancelled : Status::Failed, failure);
        return;
    }
    if (m_client)
        m_outcome.roundTripMs += m_client->lastRoundTripMs();
    handlePage(page, body);
}

void PageFetcher::handlePage(int page, const QByteArray &body)
{
    ListPage listPage;
    listPage.body = body;
    QString cursor;
    JsonScanner::ListBody scanned;
    const QByteArray itemsKey = m_endpoint.itemsKey.toLatin1();
    // The scanner vouches for ordinary pages only: an items array and a string, null or missing
    // cursor. Everything else, errors included, takes the QJsonDocument path below.
    bool fast = JsonScanner::scanListBody(body, QLatin1String(itemsKey), &scanned) && scanned.items
        && scanned.items->kind == JsonScanner::Kind::Array
        && (!scanned.cursor || scanned.cursor->kind == JsonScanner::Kind::String
            || scanned.cursor->kind == JsonScanner::Kind::Null);
    if (fast && scanned.cursor && scanned.cursor->kind == JsonScanner::Kind::String) {
        const std::optional<QString> decoded = JsonScanner::decodeString(
            QByteArrayView(body).sliced(scanned.cursor->begin, scanned.cursor->end - scanned.cursor->begin));
        fast = decoded.has_value();
        cursor = decoded.value_or(QString());
    }
    if (fast) {
        listPage.scanned = true;
        listPage.elements = std::move(scanned.elements);
    } else {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            fail(RequestError::Kind::Parse, page,
                QStringLiteral("response is not valid JSON (%1 at offset %2)")
                    .arg(parseError.errorString())
                    .arg(parseError.offset));
            return;
        }
        if (!document.isObject()) {
            fail(RequestError::Kind::Parse, page, QStringLiteral("response is not a JSON object"));
            return;
        }
        const QJsonObject object = document.object();

        // A Go nil slice arrives as null: that is an empty page, not a missing one.
        const QJsonValue itemsValue = object.value(m_endpoint.itemsKey);
        if (!itemsValue.isArray() && !itemsValue.isNull()) {
            fail(RequestError::Kind::Parse, page,
                QStringLiteral("response has no \"%1\" array").arg(m_endpoint.itemsKey));
            return;
        }
        listPage.parsedItems = itemsValue.toArray();

        const QJsonValue cursorValue = object.value(QLatin1String("cursor"));
        if (!cursorValue.isString() && !cursorValue.isNull() && !cursorValue.isUndefined()) {
            fail(RequestError::Kind::Parse, page, QStringLiteral("\"cursor\" is not a string"));
            return;
        }
        cursor = cursorValue.toString();
    }
    if (!cursor.isEmpty()) {
        if (m_seenCursors.contains(cursor)) {
            fail(RequestError::Kind::RepeatedCursor, page, cursor);
            return;
        }
        m_seenCursors.insert(cursor);
    }

    ++m_outcome.pages;
    m_outcome.items += listPage.size();
    const bool last = cursor.isEmpty();
    const bool capped = !last && m_maxPages > 0 && page >= m_maxPages;
    const bool ceiling = !last && !capped && m_pageCeiling > 0 && page >= m_pageCeiling;
    m_morePages = !last;
    if (!last && !capped && !ceiling) {
        m_nextCursor = cursor;
        requestNextIfAllowed(); // before the consumer sees this page: network and processing overlap
    }
    Q_EMIT listPageReady(page, listPage);
    if (!m_done && isSignalConnected(QMetaMethod::fromSignal(&PageFetcher::pageReady))) {
        const QJsonArray items = listPage.scanned
            ? QJsonDocument::fromJson(body).object().value(m_endpoint.itemsKey).toArray()
            : listPage.parsedItems;
        Q_EMIT pageReady(page, items);
    }
    if (m_done)
        return; // the consumer cancelled from its slot
    if (last) {
        finish(Status::Ok);
    } else if (capped) {
        m_outcome.nextCursor = cursor;
        finish(Status::Truncated);
    } else if (ceiling) {
        RequestError error;
        error.kind = RequestError::Kind::PageCeiling;
        error.page = page + 1;
        error.limit = m_pageCeiling;
        finish(Status::Failed, error);
    }
}

void PageFetcher::finish(Status status, RequestError error)
{
    if (m_done)
        return;
    m_done = true;
    m_nextCursor.reset();
    if (m_requestId != 0) {
        const quint64 id = m_requestId;
        m_requestId = 0;
        if (m_client)
            m_client->cancel(id);
    }
    m_outcome.status = status;
    if (error.isError())
        error.path = m_endpoint.path;
    m_outcome.error = error;
    Q_EMIT finished(m_outcome);
}
