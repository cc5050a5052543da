#pragma once

#include <QMetaType>
#include <QString>

// Why a request, or a listing of pages, did not succeed: a value carried from KalshiClient through
// PageFetcher and PartitionedListing to the sync, each adding what it knows (the page, the window),
// and put into words in one place, text(). Nothing downstream reads the words back.
struct RequestError
{
    enum class Kind {
        None,
        Network, // below HTTP: refused, reset, DNS, TLS, a garbled response
        Timeout, // no data for the client's transfer timeout
        Deadline, // no complete response within the client's request deadline
        Http, // an error status (httpStatus)
        TooLarge, // a body beyond the client's limit (limit)
        Content, // a success whose body Qt refused, e.g. a compressed one expanding too far
        Redirect, // a redirect the client does not follow (detail: where to)
        Parse, // the page is not the JSON the listing expects
        RepeatedCursor, // the server sent a cursor it had sent before (detail: the cursor)
        PageCeiling, // the listing reached its ceiling of pages and the server still had more
        Cancelled,
        NoClient,
    };

    Kind kind = Kind::None;
    int httpStatus = 0; // of the last response, 0 when none arrived
    QString detail; // the specifics: Qt's or the server's words, the redirect's target, the cursor
    qint64 limit = 0; // the limit reached: Timeout, Deadline ms; TooLarge bytes; PageCeiling pages
    int attempts = 0; // set when the client gave up retrying: the attempts it made
    QString path; // "/markets"
    int page = 0; // the listing's page, 0 outside a listing
    QString window; // PartitionedListing: "close-time window [a, b), its page 3"

    bool isError() const { return kind != Kind::None; }

    // One line: "GET /markets page 7: HTTP 400 invalid_parameters: limit must be <= 1000",
    // "GET /markets: timed out (no data for 30000 ms) (gave up after 6 attempts)".
    QString text() const;
    // The part after "GET <path>[ page N]: ".
    QString reason() const;

    // text() read back, for errors stored as text (sync_runs.error, whoever wrote it) that a user
    // can act on: Network, Timeout, Deadline and Http. Any other text gives Kind::None.
    static RequestError fromText(const QString &text);
};

Q_DECLARE_METATYPE(RequestError)
