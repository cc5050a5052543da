#include "network/jsonscanner.h"

#include <array>
#include <cstring>

namespace JsonScanner {

namespace {

constexpr int maxDepth = 64;
constexpr qsizetype maxBodySize = 64 * 1024 * 1024;
constexpr int maxNumberDigits = 15;

// Bytes a string scan must look at: the quote, the backslash, control characters, non-ASCII.
constexpr std::array<bool, 256> stringStops = [] {
    std::array<bool, 256> stops{};
    for (int c = 0; c < 256; ++c)
        stops[std::size_t(c)] = c == '"' || c == '\\' || c < 0x20 || c >= 0x80;
    return stops;
}();

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Strict recursive-descent validator over [m_position, m_end).
class Validator
{
public:
    Validator(const char *begin, const char *end)
        : m_begin(begin)
        , m_position(begin)
        , m_end(end)
    {
    }

    bool listBody(QLatin1String itemsKey, ListBody *out)
    {
        skipSpace();
        if (!consume('{'))
            return false;
        skipSpace();
        if (consume('}'))
            return atEnd();
        for (;;) {
            skipSpace();
            const char *keyBegin = m_position;
            bool escaped = false;
            if (!string(&escaped))
                return false;
            if (escaped)
                return false; // an escaped key might spell "cursor": leave it to Qt
            const QByteArrayView key(keyBegin + 1, m_position - keyBegin - 2);
            skipSpace();
            if (!consume(':'))
                return false;
            skipSpace();
            const bool isItems = key == QByteArrayView(itemsKey.data(), itemsKey.size());
            const bool isCursor = key == QByteArrayView("cursor");
            Span span;
            span.begin = offset();
            if (isItems && peek() == '[') {
                span.kind = Kind::Array;
                if (!array(1, &out->elements))
                    return false;
            } else if (!value(1, &span.kind)) {
                return false;
            }
            span.end = offset();
            if (isItems) {
                if (out->items)
                    return false; // a second array's elements were appended too: refuse
                out->items = span;
            } else if (isCursor) {
                if (out->cursor)
                    return false;
                out->cursor = span;
            }
            skipSpace();
            if (consume('}'))
                return atEnd();
            if (!consume(','))
                return false;
        }
    }

private:
    qsizetype offset() const { return m_position - m_begin; }
    char peek() const { return m_position < m_end ? *m_position : '\0'; }
    bool consume(char c)
    {
        if (m_position < m_end && *m_position == c) {
            ++m_position;
            return true;
        }
        return false;
    }
    void skipSpace()
    {
        while (m_position < m_end
            && (*m_position == ' ' || *m_position == '\n' || *m_position == '\r' || *m_position == '\t'))
            ++m_position;
    }
    bool atEnd()
    {
        skipSpace();
        return m_position == m_end;
    }

    bool value(int depth, Kind *kind)
    {
        switch (peek()) {
        case '{':
            *kind = Kind::Object;
            return object(depth + 1);
        case '[':
            *kind = Kind::Array;
            return array(depth + 1, nullptr);
        case '"': {
            *kind = Kind::String;
            bool escaped = false;
            return string(&escaped);
        }
        case 't':
            *kind = Kind::True;
            return literal("true", 4);
        case 'f':
            *kind = Kind::False;
            return literal("false", 5);
        case 'n':
            *kind = Kind::Null;
            return literal("null", 4);
        default:
            *kind = Kind::Number;
            return number();
        }
    }

    bool literal(const char *text, qsizetype size)
    {
        if (m_end - m_position < size || std::memcmp(m_position, text, std::size_t(size)) != 0)
            return false;
        m_position += size;
        return true;
    }

    bool object(int depth)
    {
        if (depth > maxDepth || !consume('{'))
            return false;
        skipSpace();
        if (consume('}'))
            return true;
        for (;;) {
            skipSpace();
            bool escaped = false;
            if (!string(&escaped))
                return false;
            skipSpace();
            if (!consume(':'))
                return false;
            skipSpace();
            Kind kind;
            if (!value(depth, &kind))
                return false;
            skipSpace();
            if (consume('}'))
                return true;
            if (!consume(','))
                return false;
        }
    }

    // With `elements`, records each element's span (the items array of the top level).
    bool array(int depth, QList<Span> *elements)
    {
        if (depth > maxDepth || !consume('['))
            return false;
        skipSpace();
        if (consume(']'))
            return true;
        for (;;) {
            skipSpace();
            Span span;
            span.begin = offset();
            if (!value(depth, &span.kind))
                return false;
            span.end = offset();
            if (elements)
                elements->append(span);
            skipSpace();
            if (consume(']'))
                return true;
            if (!consume(','))
                return false;
        }
    }

    bool number()
    {
        consume('-');
        int digits = 0;
        if (consume('0')) {
            digits = 1;
        } else {
            if (m_position >= m_end || *m_position < '1' || *m_position > '9')
                return false;
            while (m_position < m_end && *m_position >= '0' && *m_position <= '9') {
                ++m_position;
                ++digits;
            }
        }
        if (consume('.')) {
            const char *fraction = m_position;
            while (m_position < m_end && *m_position >= '0' && *m_position <= '9') {
                ++m_position;
                ++digits;
            }
            if (m_position == fraction)
                return false;
        }
        // Exponents and long mantissas are where double conversions differ: Qt's business.
        if (peek() == 'e' || peek() == 'E')
            return false;
        return digits <= maxNumberDigits;
    }

    bool string(bool *escaped)
    {
        if (!consume('"'))
            return false;
        for (;;) {
            while (m_position < m_end && !stringStops[uchar(*m_position)])
                ++m_position;
            if (m_position >= m_end)
                return false;
            const uchar c = uchar(*m_position);
            if (c == '"') {
                ++m_position;
                return true;
            }
            if (c == '\\') {
                *escaped = true;
                if (!escape())
                    return false;
            } else if (c < 0x20 || !utf8Sequence()) {
                return false;
            }
        }
    }

    bool escape()
    {
        ++m_position; // the backslash
        if (m_position >= m_end)
            return false;
        switch (*m_position++) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
            return true;
        case 'u': {
            if (m_end - m_position < 4)
                return false;
            int code = 0;
            for (int i = 0; i < 4; ++i) {
                const int digit = hexValue(m_position[i]);
                if (digit < 0)
                    return false;
                code = code * 16 + digit;
            }
            m_position += 4;
            return code < 0xD800 || code > 0xDFFF;
        }
        default:
            return false;
        }
    }

    // One multi-byte UTF-8 sequence: shortest form, no surrogates, at most U+10FFFF, and no
    // non-characters (Qt versions differ on those).
    bool utf8Sequence()
    {
        const uchar lead = uchar(*m_position);
        int length = 0;
        char32_t code = 0;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
            code = lead & 0x1F;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            code = lead & 0x0F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            code = lead & 0x07;
        } else {
            return false;
        }
        if (m_end - m_position < length)
            return false;
        for (int i = 1; i < length; ++i) {
            const uchar c = uchar(m_position[i]);
            if ((c & 0xC0) != 0x80)
                return false;
            code = (code << 6) | (c & 0x3F);
        }
        if ((length == 3 && code < 0x800) || (length == 4 && (code < 0x10000 || code > 0x10FFFF))
            || (code >= 0xD800 && code <= 0xDFFF) || (code & 0xFFFE) == 0xFFFE
            || (code >= 0xFDD0 && code <= 0xFDEF))
            return false;
        m_position += length;
        return true;
    }

    const char *m_begin;
    const char *m_position;
    const char *m_end;
};

// Skips one value of validated text starting at `p`; returns the position after it.
const char *skipValue(const char *p, const char *end)
{
    if (*p == '"') {
        for (++p; p < end; ++p) {
            if (*p == '\\')
                ++p;
            else if (*p == '"')
                return p + 1;
        }
        return end;
    }
    if (*p == '{' || *p == '[') {
        int depth = 0;
        for (; p < end; ++p) {
            const char c = *p;
            if (c == '"') {
                p = skipValue(p, end) - 1;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return p + 1;
            }
        }
        return end;
    }
    while (
        p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t')
        ++p;
    return p;
}

Kind kindOf(char first)
{
    switch (first) {
    case '{':
        return Kind::Object;
    case '[':
        return Kind::Array;
    case '"':
        return Kind::String;
    case 't':
        return Kind::True;
    case 'f':
        return Kind::False;
    case 'n':
        return Kind::Null;
    default:
        return Kind::Number;
    }
}

} // namespace

bool scanListBody(QByteArrayView body, QLatin1String itemsKey, ListBody *out)
{
    *out = ListBody();
    if (body.size() > maxBodySize)
        return false;
    Validator validator(body.data(), body.data() + body.size());
    if (validator.listBody(itemsKey, out))
        return true;
    *out = ListBody();
    return false;
}

std::optional<QString> decodeString(QByteArrayView text)
{
    const QByteArrayView inner = text.sliced(1, text.size() - 2);
    if (!inner.contains('\\'))
        return QString::fromUtf8(inner);
    QString result;
    result.reserve(inner.size());
    qsizetype runStart = 0;
    qsizetype i = 0;
    while (i < inner.size()) {
        if (inner.at(i) != '\\') {
            ++i;
            continue;
        }
        result += QString::fromUtf8(inner.sliced(runStart, i - runStart));
        const char kind = inner.at(i + 1);
        i += 2;
        switch (kind) {
        case 'b':
            result += u'\b';
            break;
        case 'f':
            result += u'\f';
            break;
        case 'n':
            result += u'\n';
            break;
        case 'r':
            result += u'\r';
            break;
        case 't':
            result += u'\t';
            break;
        case 'u': {
            int code = 0;
            for (int digit = 0; digit < 4; ++digit)
                code = code * 16 + hexValue(inner.at(i + digit));
            i += 4;
            if (code >= 0xD800 && code <= 0xDFFF)
                return std::nullopt;
            result += QChar(char16_t(code));
            break;
        }
        default: // '"', '\\', '/'
            result += QLatin1Char(kind);
            break;
        }
        runStart = i;
    }
    result += QString::fromUtf8(inner.sliced(runStart));
    return result;
}

MemberReader::MemberReader(QByteArrayView object)
    : m_position(object.data() + 1)
    , m_end(object.data() + object.size() - 1)
{
}

void MemberReader::skipSpace()
{
    while (m_position < m_end
        && (*m_position == ' ' || *m_position == '\n' || *m_position == '\r' || *m_position == '\t'))
        ++m_position;
}

bool MemberReader::next(QByteArrayView *key, bool *keyEscaped, QByteArrayView *value, Kind *kind)
{
    skipSpace();
    if (m_position < m_end && *m_position == ',') {
        ++m_position;
        skipSpace();
    }
    if (m_position >= m_end || *m_position != '"')
        return false;
    const char *keyEnd = skipValue(m_position, m_end);
    *key = QByteArrayView(m_position + 1, keyEnd - m_position - 2);
    *keyEscaped = key->contains('\\');
    m_position = keyEnd;
    skipSpace();
    ++m_position; // ':'
    skipSpace();
    const char *valueEnd = skipValue(m_position, m_end);
    *value = QByteArrayView(m_position, valueEnd - m_position);
    *kind = kindOf(*m_position);
    m_position = valueEnd;
    return true;
}

} // namespace JsonScanner
