#pragma once

#include "network/jsonscanner.h"

#include <QByteArray>
#include <QJsonArray>
#include <QList>
#include <QMetaType>

// One page of a cursor-paginated list as PageFetcher hands it out: a value type, created and read in
// the sync thread. Either the fetcher's JsonScanner vouched for the body, and `elements` says where
// each item of the array lies in it (the items are then read straight from the bytes), or the body
// needed QJsonDocument, and `parsedItems` holds the array.
struct ListPage
{
    QByteArray body;
    bool scanned = false;
    QList<JsonScanner::Span> elements; // when scanned
    QJsonArray parsedItems; // when not scanned

    qsizetype size() const { return scanned ? elements.size() : parsedItems.size(); }
    // The text of element i of a scanned page.
    QByteArrayView elementText(qsizetype i) const
    {
        const JsonScanner::Span &span = elements.at(i);
        return QByteArrayView(body).sliced(span.begin, span.end - span.begin);
    }
};

Q_DECLARE_METATYPE(ListPage)
