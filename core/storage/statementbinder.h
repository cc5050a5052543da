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

    // A stateless UTF-8 encoder, for whoever encodes text beside the arena (StatementBinder's arrays).
    QStringEncoder &encoder() { return m_encoder; }

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
// Without a query (arrayColumns > 0) the values go into that many arrays instead, the i-th value of
// a row into the i-th array, each in PostgreSQL's binary array format (array_recv: a header, then
// per element its length and bytes, -1 for NULL; text as UTF-8, integers as int8), taken by
// arrays() and sent as binary parameters (SqlDialect::bindsColumnArrays, PgStatements).
class StatementBinder final
{
public:
    // utf8: text is bound as UTF-8 bytes from the arena (SQLite), otherwise as a QString
    // (SqlDialect::bindsTextAsUtf8).
    StatementBinder(QSqlQuery *query, TextArena &text, const QStringList &names, qint64 batchTime,
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
            m_query->bindValue(m_names.at(m_position++), value);
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

    // Room for `rows` rows in every array, before the first value.
    void reserveRows(qsizetype rows)
    {
        for (Array &array : m_arrays)
            array.data.reserve(headerBytes + rows * 24);
    }

    // The finished arrays, one per column in placeholder order; call once, after the last row.
    std::vector<QByteArray> arrays()
    {
        std::vector<QByteArray> finished;
        finished.reserve(m_arrays.size());
        for (Array &array : m_arrays) {
            if (array.data.isEmpty())
                array.data.resize(headerBytes);
            char *header = array.data.data();
            writeInt32(header, 1); // dimensions
            writeInt32(header + 4, array.hasNull ? 1 : 0);
            writeInt32(header + 8, array.elementType);
            writeInt32(header + 12, array.count);
            writeInt32(header + 16, 1); // lower bound
            finished.push_back(std::move(array.data));
        }
        return finished;
    }

private:
    static constexpr qsizetype headerBytes = 20;
    static constexpr quint32 int8Oid = 20; // PostgreSQL's pg_type OIDs
    static constexpr quint32 textOid = 25;

    struct Array
    {
        QByteArray data; // the header's room, then the elements
        qint32 count = 0;
        bool hasNull = false;
        quint32 elementType = int8Oid;
    };

    QVariant encoded(const QString &text) { return m_utf8 ? QVariant(m_text.store(text)) : QVariant(text); }

    static void writeInt32(char *at, quint32 value)
    {
        at[0] = char(value >> 24);
        at[1] = char(value >> 16);
        at[2] = char(value >> 8);
        at[3] = char(value);
    }

    Array &nextArray(quint32 elementType)
    {
        Array &array = m_arrays[size_t(m_position++) % m_arrays.size()];
        if (array.data.isEmpty())
            array.data.resize(headerBytes);
        array.elementType = elementType;
        ++array.count;
        return array;
    }

    Q_NEVER_INLINE void addArrayValue(const QVariant &value)
    {
        Array &array = nextArray(int8Oid);
        char bytes[12];
        if (value.isNull()) {
            writeInt32(bytes, quint32(-1));
            array.hasNull = true;
            array.data.append(bytes, 4);
            return;
        }
        const quint64 number = quint64(value.toLongLong());
        writeInt32(bytes, 8);
        writeInt32(bytes + 4, quint32(number >> 32));
        writeInt32(bytes + 8, quint32(number));
        array.data.append(bytes, 12);
    }

    // The text's UTF-8 bytes as they are: a binary element needs no quoting or escaping.
    Q_NEVER_INLINE void addArrayText(const QString &text, bool null)
    {
        Array &array = nextArray(textOid);
        const qsizetype lengthAt = array.data.size();
        if (null) {
            array.data.resize(lengthAt + 4);
            writeInt32(array.data.data() + lengthAt, quint32(-1));
            array.hasNull = true;
            return;
        }
        QStringEncoder &encoder = m_text.encoder();
        array.data.resize(lengthAt + 4 + encoder.requiredSpace(text.size()));
        char *begin = array.data.data() + lengthAt + 4;
        char *end = encoder.appendToBuffer(begin, text);
        writeInt32(begin - 4, quint32(end - begin));
        array.data.truncate(end - array.data.constData());
    }

    QSqlQuery *m_query;
    TextArena &m_text;
    const QStringList &m_names;
    qint64 m_batchTime;
    bool m_utf8;
    int m_position = 0;
    std::vector<Array> m_arrays;
};
