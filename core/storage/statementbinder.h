#pragma once

#include <QByteArray>
#include <QSqlQuery>
#include <QStringConverter>
#include <QStringList>
#include <QStringView>
#include <QVariant>

#include <charconv>
#include <iterator>
#include <memory>
#include <vector>

// UTF-8 copies of the text values of the statement being bound (writer thread). Text goes in as
// UTF-8: QSQLite binds a QByteArray as a blob without a copy (SQLITE_STATIC) and CAST(? AS TEXT)
// makes it text of the UTF-8 database as it is, where a QString is bound as UTF-16 that SQLite
// translates with a malloc per value. Callgrind, 20k new markets: DatabaseWriter::write 1,080 M
// instructions with QString, 1,036 M with a QByteArray per value, 993 M with this arena.
// The blocks outlive the statements, so no binding ever points into freed memory; rewinding
// overwrites bytes an executed statement still has bound, which is safe because every exec
// rebinds all of its statement's values first.
class TextArena final
{
public:
    void rewind()
    {
        m_block = 0;
        m_used = 0;
    }

    QByteArray store(QStringView text)
    {
        const qsizetype needed = m_encoder.requiredSpace(text.size());
        while (m_block < m_blocks.size() && m_blocks[m_block].size - m_used < needed) {
            ++m_block;
            m_used = 0;
        }
        if (m_block == m_blocks.size()) {
            const qsizetype size = qMax(blockSize, needed);
            m_blocks.push_back({std::make_unique<char[]>(size_t(size)), size});
        }
        char *begin = m_blocks[m_block].data.get() + m_used;
        char *end = m_encoder.appendToBuffer(begin, text);
        m_used += end - begin;
        // Not null even when empty: '' stays '', only a null QVariant binds NULL.
        return QByteArray::fromRawData(begin, end - begin);
    }

private:
    static constexpr qsizetype blockSize = 64 * 1024;
    struct Block
    {
        std::unique_ptr<char[]> data;
        qsizetype size;
    };
    std::vector<Block> m_blocks;
    size_t m_block = 0;
    qsizetype m_used = 0;
    QStringEncoder m_encoder{QStringEncoder::Utf8, QStringConverter::Flag::Stateless};
};

// Binds one multi-row statement's values in placeholder order (writer thread). The placeholders
// are named (":v0", ":v1", ...) and bound by name: QSqlQuery::bindValue(int) builds a name with
// QString::arg on every call, which callgrind showed costing more than SQLite's whole upsert
// (docs/performance.md). `names` holds at least as many names as the statement has placeholders.
// With arrayColumns > 0 the values go into that many array literals instead, the i-th value of a
// row into the i-th array, bound by bindArraysTo() (SqlDialect::bindsColumnArrays).
class StatementBinder final
{
public:
    // utf8: text is bound as UTF-8 bytes from the arena (SQLite), otherwise as a QString
    // (SqlDialect::bindsTextAsUtf8).
    StatementBinder(QSqlQuery &query, TextArena &text, const QStringList &names, qint64 batchTime,
        bool utf8 = true, int arrayColumns = 0)
        : m_query(query)
        , m_text(text)
        , m_names(names)
        , m_batchTime(batchTime)
        , m_utf8(utf8)
        , m_arrays(size_t(arrayColumns))
    {
        m_text.rewind();
    }

    // The value-per-placeholder path stays this small (and inlined into the table's binders: SQLite
    // binds 24 values per market); the arrays are built out of line.
    void add(const QVariant &value)
    {
        if (m_arrays.empty())
            m_query.bindValue(m_names.at(m_position++), value);
        else
            addArrayValue(value);
    }
    // For a CAST(? AS TEXT) placeholder: a null QString binds NULL, any other one its UTF-8.
    void addText(const QString &text)
    {
        if (m_arrays.empty())
            add(text.isNull() ? QVariant() : encoded(text));
        else
            addArrayText(text, text.isNull());
    }
    // The same, except that an empty QString binds NULL too.
    void addNullableText(const QString &text)
    {
        if (m_arrays.empty())
            add(text.isEmpty() ? QVariant() : encoded(text));
        else
            addArrayText(text, text.isEmpty());
    }
    // The time of the batch being written, the same for every row (updated_at).
    void addBatchTime() { add(m_batchTime); }

    int position() const { return m_position; }

    // Binds the arrays (as text: '{"a","b",NULL}', '{1,NULL}') to `query`'s placeholders in order;
    // may be called for several statements that take the same arrays.
    void bindArraysTo(QSqlQuery &query)
    {
        for (size_t i = 0; i < m_arrays.size(); ++i) {
            if (!m_closed)
                m_arrays[i] += u'}';
            query.bindValue(m_names.at(qsizetype(i)), m_arrays[i]);
        }
        m_closed = true;
    }

private:
    QVariant encoded(const QString &text) { return m_utf8 ? QVariant(m_text.store(text)) : QVariant(text); }

    Q_NEVER_INLINE void addArrayValue(const QVariant &value)
    {
        QString &array = nextArray();
        if (value.isNull()) {
            array += QLatin1String("NULL");
        } else {
            // Without QString::number's temporary string: half the binding time was these.
            char digits[24];
            const auto end = std::to_chars(std::begin(digits), std::end(digits), value.toLongLong()).ptr;
            array += QLatin1String(digits, end - digits);
        }
    }

    QString &nextArray()
    {
        QString &array = m_arrays[size_t(m_position++) % m_arrays.size()];
        array += array.isEmpty() ? u'{' : u',';
        return array;
    }
    // An element in double quotes, with '"' and '\' escaped: anything else (',', '{', spaces, the
    // word NULL, nothing at all) is then the text itself.
    Q_NEVER_INLINE void addArrayText(const QString &text, bool null)
    {
        QString &array = nextArray();
        if (null) {
            array += QLatin1String("NULL");
            return;
        }
        array += u'"';
        qsizetype plain = 0; // appended in runs: a QChar at a time cost a third of the binding
        for (qsizetype i = 0; i < text.size(); ++i) {
            if (text.at(i) == u'"' || text.at(i) == u'\\') {
                array += QStringView(text).mid(plain, i - plain);
                array += u'\\';
                plain = i;
            }
        }
        array += QStringView(text).mid(plain);
        array += u'"';
    }

    QSqlQuery &m_query;
    TextArena &m_text;
    const QStringList &m_names;
    qint64 m_batchTime;
    bool m_utf8;
    int m_position = 0;
    std::vector<QString> m_arrays;
    bool m_closed = false;
};
