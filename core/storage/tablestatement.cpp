#include "storage/tablestatement.h"

#include <QSqlQuery>
#include <QSqlRecord>

#include <algorithm>

namespace {

QString joined(const QList<const TableStatement::Column *> &columns, const QString &separator,
    const std::function<QString(const TableStatement::Column &)> &text)
{
    QString result;
    for (const TableStatement::Column *column : columns) {
        if (!result.isEmpty())
            result += separator;
        result += text(*column);
    }
    return result;
}

} // namespace

TableStatement::TableStatement(QString table, OnConflict onConflict, QList<Column> columns)
    : m_table(std::move(table))
    , m_onConflict(onConflict)
    , m_columns(std::move(columns))
{
}

bool TableStatement::hasGuardedColumns() const
{
    for (const Column &column : m_columns) {
        if (column.role == Role::Guarded)
            return true;
    }
    return false;
}

int TableStatement::guardGroups() const
{
    int groups = 0;
    for (const Column &column : m_columns) {
        if (column.role == Role::Guarded)
            groups = qMax(groups, column.guardGroup + 1);
    }
    return groups;
}

QString TableStatement::valuesRows(
    int rows, const QList<const Column *> &columns, SqlDialect::Backend backend) const
{
    const QString row = u'(' + joined(columns, QStringLiteral(", "), [backend](const Column &c) -> QString {
        return SqlDialect::boundValue(backend, c.value);
    }) + u')';
    QString sql;
    sql.reserve((row.size() + 1) * rows);
    for (int r = 0; r < rows; ++r) {
        if (r > 0)
            sql += u',';
        sql += row;
    }
    return sql;
}

QString TableStatement::insert(int rows, SqlDialect::Backend backend) const
{
    QList<const Column *> all;
    QList<const Column *> keys;
    QList<const Column *> updated;
    for (const Column &column : m_columns) {
        all.append(&column);
        if (column.role == Role::Key)
            keys.append(&column);
        else if (column.role == Role::Updated)
            updated.append(&column);
    }
    const auto name = [](const Column &c) -> QString { return c.name; };
    QString sql = u"INSERT INTO " + m_table + u'(' + joined(all, QStringLiteral(", "), name) + u") VALUES "
        + valuesRows(rows, all, backend);
    if (m_onConflict == OnConflict::ByTrigger)
        return sql;
    sql += u" ON CONFLICT(" + joined(keys, QStringLiteral(", "), name) + u')';
    if (m_onConflict == OnConflict::Ignore)
        return sql + u" DO NOTHING";
    return sql + u" DO UPDATE SET " + joined(updated, QStringLiteral(", "), [](const Column &c) -> QString {
        const QString value = c.isBound() ? QString(u"excluded." + c.name) : c.value;
        return QString(c.name + u" = " + value);
    });
}

QString TableStatement::insertPastTrigger(int rows, SqlDialect::Backend backend) const
{
    if (m_onConflict != OnConflict::ByTrigger)
        return QString();
    QList<const Column *> all;
    QStringList names;
    for (const Column &column : m_columns) {
        all.append(&column);
        names.append(column.name);
    }
    return SqlDialect::viewInsertFromValues(backend, m_table, valuesRows(rows, all, backend), names);
}

QString TableStatement::guardedUpdate(int rows, SqlDialect::Backend backend, int group) const
{
    QList<const Column *> keys;
    QList<const Column *> guarded;
    for (const Column &column : m_columns) {
        if (column.role == Role::Key)
            keys.append(&column);
        else if (column.role == Role::Guarded && column.guardGroup == group)
            guarded.append(&column);
    }
    if (guarded.isEmpty())
        return QString();
    const QList<const Column *> values = keys + guarded;
    const auto source = [&](const Column &c) -> QString {
        return QStringLiteral("v.column%1").arg(values.indexOf(&c) + 1);
    };
    const auto target = [&](const Column &c) -> QString { return m_table + u'.' + c.name; };
    return u"UPDATE " + m_table + u" SET "
        + joined(guarded, QStringLiteral(", "),
            [&](const Column &c) -> QString { return c.name + u" = " + source(c); })
        + u" FROM (VALUES " + valuesRows(rows, values, backend) + u") AS v WHERE "
        + joined(keys, QStringLiteral(" AND "),
            [&](const Column &c) -> QString { return target(c) + u" = " + source(c); })
        + u" AND ("
        + joined(guarded, QStringLiteral(" OR "),
            [&](const Column &c) -> QString {
                return target(c) + u' ' + SqlDialect::isDistinctFrom(backend) + u' ' + source(c);
            })
        + u')';
}

QString TableStatement::rowsFromArrays(const QList<const Column *> &columns, SqlDialect::Backend backend)
{
    QStringList arrays;
    QStringList elements;
    QStringList values;
    for (const Column *column : columns) {
        if (!column->isBound()) {
            values.append(column->value + u" AS " + column->name);
            continue;
        }
        const QString element = u'c' + QString::number(elements.size() + 1);
        arrays.append(SqlDialect::boundArray(backend, column->type == Type::Text));
        elements.append(element);
        values.append(QString(column->value).replace(u'?', u"u." + element) + u" AS " + column->name);
    }
    const QString listing = SqlDialect::listingColumn();
    return u"SELECT " + values.join(QStringLiteral(", ")) + u", u." + listing + u" FROM "
        + SqlDialect::rowsOfArrays(backend, arrays, QStringLiteral("u"), elements + QStringList{listing});
}

QStringList TableStatement::insertFromArrays(SqlDialect::Backend backend) const
{
    QList<const Column *> all;
    QStringList names;
    QStringList keys;
    QStringList updated;
    for (const Column &column : m_columns) {
        all.append(&column);
        names.append(column.name);
        if (column.role == Role::Key)
            keys.append(u"v." + column.name);
        else if (column.role == Role::Updated
            || (column.role == Role::Guarded && !SqlDialect::guardsIndexedColumns(backend)))
            updated.append(column.name + u" = excluded." + column.name);
    }
    const QString rows = rowsFromArrays(all, backend);
    const QString listing = u"v." + SqlDialect::listingColumn();
    if (m_onConflict == OnConflict::ByTrigger)
        return SqlDialect::viewInsertFromRows(backend, m_table, rows, names);
    const QString into = u"INSERT INTO " + m_table + u'(' + names.join(QStringLiteral(", ")) + u") ";
    const QString selected = u"v." + names.join(QStringLiteral(", v."));
    const QString conflict = u" ON CONFLICT("
        + QStringList(keys).replaceInStrings(QStringLiteral("v."), QString()).join(QStringLiteral(", "))
        + u')';
    if (m_onConflict == OnConflict::Ignore)
        return {into + u"SELECT " + selected + u" FROM (" + rows + u") AS v ORDER BY " + listing + conflict
            + u" DO NOTHING"};
    return {into + u"SELECT DISTINCT ON (" + keys.join(QStringLiteral(", ")) + u") " + selected + u" FROM ("
        + rows + u") AS v ORDER BY " + keys.join(QStringLiteral(", ")) + u", " + listing + u" DESC" + conflict
        + u" DO UPDATE SET " + updated.join(QStringLiteral(", "))};
}

QString TableStatement::problem() const
{
    bool hasKey = false;
    for (const Column &column : m_columns) {
        const QString where = m_table + u'.' + column.name;
        if (column.name.isEmpty() || column.value.isEmpty())
            return QStringLiteral("%1: a column without a name or a value").arg(where);
        if (column.value.count(u'?') > 1)
            return QStringLiteral("%1: more than one placeholder in one value").arg(where);
        if (column.role != Role::Updated && !column.isBound())
            return QStringLiteral("%1: a key or guarded column must be bound").arg(where);
        if (column.role == Role::Guarded && m_onConflict != OnConflict::Update)
            return QStringLiteral("%1: guarded, but conflicts are ignored").arg(where);
        if (column.guardGroup < 0 || (column.guardGroup > 0 && column.role != Role::Guarded))
            return QStringLiteral("%1: a guard group below 0 or on a column that is not guarded").arg(where);
        hasKey = hasKey || column.role == Role::Key;
    }
    for (int group = 0; group < guardGroups(); ++group) {
        if (guardedUpdate(1, SqlDialect::Backend::Sqlite, group).isEmpty())
            return QStringLiteral("%1: guard group %2 has no column").arg(m_table).arg(group);
    }
    if (!hasKey)
        return QStringLiteral("%1: no key column for ON CONFLICT").arg(m_table);
    return QString();
}

bool TableStatement::matchesDatabase(const QSqlDatabase &db, Schema::Failure *failure) const
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(SqlDialect::tableColumns(SqlDialect::of(db), m_table))) {
        *failure = Schema::Failure::fromSql(query.lastError(), u" (reading the columns of " + m_table + u')');
        return false;
    }
    struct FileColumn
    {
        QString name;
        bool notNullWithoutDefault;
        bool integerKey;
    };
    QList<FileColumn> inFile;
    int primaryKeyColumns = 0;
    while (query.next()) {
        const QSqlRecord row = query.record();
        const bool integerKey = row.value(QStringLiteral("pk")).toInt() > 0
            && row.value(QStringLiteral("type")).toString().compare(u"INTEGER", Qt::CaseInsensitive) == 0;
        primaryKeyColumns += row.value(QStringLiteral("pk")).toInt() > 0 ? 1 : 0;
        const bool notNullWithoutDefault = row.value(QStringLiteral("notnull")).toInt() != 0
            && row.value(QStringLiteral("dflt_value")).isNull();
        inFile.append({row.value(QStringLiteral("name")).toString(), notNullWithoutDefault, integerKey});
    }
    query.finish();
    const auto prefix = QStringLiteral("the database file does not fit this build: ");
    if (inFile.isEmpty()) {
        *failure = {prefix + QStringLiteral("it has no table %1").arg(m_table)};
        return false;
    }
    QStringList missing;
    for (const Column &column : m_columns) {
        const bool found = std::any_of(inFile.cbegin(), inFile.cend(),
            [&](const FileColumn &c) { return c.name.compare(column.name, Qt::CaseInsensitive) == 0; });
        if (!found)
            missing.append(column.name);
    }
    if (!missing.isEmpty()) {
        *failure = {prefix
            + QStringLiteral("table %1 has no column %2").arg(m_table, missing.join(QStringLiteral(", ")))};
        return false;
    }
    QStringList unfilled;
    for (const FileColumn &fileColumn : std::as_const(inFile)) {
        // An INTEGER PRIMARY KEY of its own is the rowid, filled by SQLite.
        if (!fileColumn.notNullWithoutDefault || (fileColumn.integerKey && primaryKeyColumns == 1))
            continue;
        const bool described = std::any_of(m_columns.cbegin(), m_columns.cend(),
            [&](const Column &c) { return c.name.compare(fileColumn.name, Qt::CaseInsensitive) == 0; });
        if (!described)
            unfilled.append(fileColumn.name);
    }
    if (!unfilled.isEmpty()) {
        *failure = {prefix
            + QStringLiteral("table %1 requires a value for %2, which this build does not write")
                  .arg(m_table, unfilled.join(QStringLiteral(", ")))};
        return false;
    }
    return true;
}
