#pragma once

#include <QByteArrayView>
#include <QLatin1String>
#include <QList>
#include <QString>

#include <optional>

// Reads JSON text without building a document: pure functions, callable from any thread (the sync
// thread runs them on every page). scanListBody() validates a whole list response strictly and only
// vouches for what it fully understands; whatever it refuses is left to QJsonDocument, so every
// error message and every unusual document is still Qt's. Refused besides invalid JSON: a top level
// other than an object, nesting deeper than 64, numbers with exponents or more than 15 digits, \u
// escapes of surrogates, non-characters, duplicate or escaped top-level keys, bodies over 64 MiB.
// What it accepts, QJsonDocument reads as the same values.
namespace JsonScanner {

enum class Kind : quint8 { Object, Array, String, Number, True, False, Null };

// A value's text in the scanned bytes: [begin, end), quotes included for strings.
struct Span
{
    qsizetype begin = 0;
    qsizetype end = 0;
    Kind kind = Kind::Null;
};

struct ListBody
{
    std::optional<Span> items; // the top-level member named itemsKey, if any
    std::optional<Span> cursor; // the top-level member "cursor", if any
    QList<Span> elements; // every element of `items` when it is an array
};

// True if `body` is a JSON object this scanner vouches for (see above).
bool scanListBody(QByteArrayView body, QLatin1String itemsKey, ListBody *out);

// The value of a string span of validated text (quotes included). nullopt for \u escapes it does not
// decode itself (surrogates; scanListBody() has refused those already).
std::optional<QString> decodeString(QByteArrayView text);

// Walks the members of one object of text that scanListBody() validated. A value used by one thread.
class MemberReader
{
public:
    // `object` is the object's text, braces included.
    explicit MemberReader(QByteArrayView object);

    // The next member: its key's raw text (between the quotes, escapes undecoded) and its value's
    // text (quotes included for strings). False after the last member.
    bool next(QByteArrayView *key, bool *keyEscaped, QByteArrayView *value, Kind *kind);

private:
    void skipSpace();
    const char *m_position;
    const char *m_end;
};

} // namespace JsonScanner
