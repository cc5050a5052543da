#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <array>

// Appends compact JSON to a caller-owned QByteArray. Hand-written because a 1000-market page is
// serialized on every listing request and QJsonDocument costs several times more. Used by whichever
// thread owns the buffer; it keeps no shared state.
class JsonWriter final
{
public:
    explicit JsonWriter(QByteArray &out)
        : m_out(out)
    {
    }

    void beginObject() { open('{'); }
    void endObject() { close('}'); }
    void beginArray() { open('['); }
    void endArray() { close(']'); }

    // Starts a member of the current object; the value call follows.
    void key(QByteArrayView name)
    {
        separate();
        m_out.append('"');
        appendEscaped(name);
        m_out.append("\":");
        m_afterKey = true;
    }

    void string(QByteArrayView text)
    {
        separate();
        m_out.append('"');
        appendEscaped(text);
        m_out.append('"');
    }

    // A string the caller builds in place (e.g. ticker pieces), already free of JSON specials.
    void beginRawString()
    {
        separate();
        m_out.append('"');
    }
    void endRawString() { m_out.append('"'); }

    void integer(qint64 value)
    {
        separate();
        appendInteger(m_out, value);
    }

    void boolean(bool value)
    {
        separate();
        m_out.append(value ? "true" : "false");
    }

    // Announces a complete value (e.g. a serialized market) that the caller appends to buffer().
    void rawValue() { separate(); }

    void null()
    {
        separate();
        m_out.append("null");
    }

    // value / 10^decimals as a quoted decimal string: fixed(4500, 4) -> "0.4500".
    void fixed(qint64 value, int decimals)
    {
        separate();
        m_out.append('"');
        appendFixed(m_out, value, decimals);
        m_out.append('"');
    }

    // RFC3339 UTC with second precision: "2026-12-10T21:00:00Z".
    void time(qint64 unixSeconds)
    {
        separate();
        m_out.append('"');
        appendRfc3339(m_out, unixSeconds);
        m_out.append('"');
    }

    QByteArray &buffer() { return m_out; }

    static void appendInteger(QByteArray &out, qint64 value)
    {
        char digits[24];
        int length = 0;
        quint64 magnitude = value < 0 ? 0 - quint64(value) : quint64(value);
        do {
            digits[length++] = char('0' + magnitude % 10);
            magnitude /= 10;
        } while (magnitude != 0);
        if (value < 0)
            out.append('-');
        while (length > 0)
            out.append(digits[--length]);
    }

    static void appendFixed(QByteArray &out, qint64 value, int decimals)
    {
        qint64 scale = 1;
        for (int i = 0; i < decimals; ++i)
            scale *= 10;
        if (value < 0) {
            out.append('-');
            value = -value;
        }
        appendInteger(out, value / scale);
        if (decimals == 0)
            return;
        out.append('.');
        qint64 fraction = value % scale;
        char digits[20];
        for (int i = decimals - 1; i >= 0; --i) {
            digits[i] = char('0' + fraction % 10);
            fraction /= 10;
        }
        out.append(digits, decimals);
    }

    static void appendRfc3339(QByteArray &out, qint64 unixSeconds)
    {
        // Civil-from-days (H. Hinnant): exact for the proleptic Gregorian calendar.
        qint64 days = unixSeconds / 86400;
        qint64 secondOfDay = unixSeconds % 86400;
        if (secondOfDay < 0) {
            secondOfDay += 86400;
            --days;
        }
        const qint64 z = days + 719468;
        const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
        const qint64 dayOfEra = z - era * 146097;
        const qint64 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        const qint64 mp = (5 * dayOfYear + 2) / 153;
        const qint64 day = dayOfYear - (153 * mp + 2) / 5 + 1;
        const qint64 month = mp < 10 ? mp + 3 : mp - 9;
        const qint64 year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);

        char text[20];
        auto put = [&text](int at, qint64 value, int width) {
            for (int i = width - 1; i >= 0; --i) {
                text[at + i] = char('0' + value % 10);
                value /= 10;
            }
        };
        put(0, year, 4);
        text[4] = '-';
        put(5, month, 2);
        text[7] = '-';
        put(8, day, 2);
        text[10] = 'T';
        put(11, secondOfDay / 3600, 2);
        text[13] = ':';
        put(14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        put(17, secondOfDay % 60, 2);
        text[19] = 'Z';
        out.append(text, 20);
    }

private:
    void open(char bracket)
    {
        separate();
        m_out.append(bracket);
        m_first[++m_depth] = true;
    }

    void close(char bracket)
    {
        m_out.append(bracket);
        --m_depth;
    }

    void separate()
    {
        if (m_afterKey) {
            m_afterKey = false;
            return;
        }
        if (m_depth >= 0) {
            if (!m_first[m_depth])
                m_out.append(',');
            m_first[m_depth] = false;
        }
    }

    void appendEscaped(QByteArrayView text)
    {
        static const char hex[] = "0123456789abcdef";
        for (const char c : text) {
            const auto byte = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\') {
                m_out.append('\\').append(c);
            } else if (byte < 0x20) {
                m_out.append("\\u00").append(hex[byte >> 4]).append(hex[byte & 0xf]);
            } else {
                m_out.append(c);
            }
        }
    }

    QByteArray &m_out;
    std::array<bool, 16> m_first{};
    int m_depth = -1;
    bool m_afterKey = false;
};
