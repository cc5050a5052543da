#pragma once

#include "storage/schema.h"
#include "storage/sqldialect.h"
#include "storage/statementbinder.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <functional>
#include <initializer_list>
#include <optional>
#include <vector>

// A table as the writer writes it, described once: its columns in statement order, the conflict
// key, and the columns kept out of the upsert. The text of every multi-row statement on the table
// is generated from this one list (TableDescription adds how a record binds to it), so the column
// list, the placeholders, the conflict clause and the binder cannot drift apart. Plain data.
class TableStatement
{
public:
    enum class Role {
        Key, // the ON CONFLICT target; never updated
        Updated, // set from the new row on conflict
        // In a secondary index: left out of the upsert and written by guardedUpdate() only where
        // it changed, because SQLite rewrites an index whenever one of its columns is in the SET
        // list, even with an equal value (docs/performance.md).
        Guarded,
    };
    // ByTrigger: the table is a view whose INSTEAD OF INSERT trigger resolves conflicts with its
    // own ON CONFLICT clauses (SQLite cannot UPSERT a view); the statement is a plain INSERT.
    enum class OnConflict { Update, Ignore, ByTrigger };

    // What a bound value is, for a statement that binds one array per column (SqlDialect::
    // bindsColumnArrays).
    enum class Type { Integer, Text };

    struct Column
    {
        QString name;
        // One row's value: an expression with one '?' (bound) or a constant without any.
        QString value;
        Role role = Role::Updated;
        Type type = Type::Integer;
        // Guarded columns: the guarded update that writes it, guardedUpdate(rows, backend, group).
        // A statement sets all of its group's columns where one of them differs, which rewrites
        // every index on any of them; so a column that changes often and has an index of its own
        // (markets.volume_24h) gets a group of its own, and its changes leave the others' indexes
        // alone. Groups are numbered from 0 without gaps.
        int guardGroup = 0;

        bool isBound() const { return value.contains(u'?'); }
    };

    TableStatement(QString table, OnConflict onConflict, QList<Column> columns);

    const QString &table() const { return m_table; }
    const QList<Column> &columns() const { return m_columns; }
    bool hasGuardedColumns() const;
    // How many guarded updates the table has (the groups of its Guarded columns); 0 without any.
    int guardGroups() const;

    // INSERT INTO table(columns) VALUES (row),(row)... ON CONFLICT(keys) DO UPDATE SET (every
    // Updated column) or DO NOTHING (nothing with ByTrigger). Values are bound row by row in column
    // order. The backend decides the dialect's details (SqlDialect::boundValue, isDistinctFrom).
    QString insert(int rows, SqlDialect::Backend backend = SqlDialect::Backend::Sqlite) const;
    // ByTrigger: the statement that writes `rows` rows of VALUES (bound as insert()'s) past the view's
    // trigger, SqlDialect::viewInsertFromValues; empty where the dialect has none. Exact only for the
    // rows that statement allows (there: no market listed twice).
    QString insertPastTrigger(int rows, SqlDialect::Backend backend = SqlDialect::Backend::Sqlite) const;
    // UPDATE table SET (Guarded columns of the group) FROM (VALUES (keys, guarded), ...) AS v WHERE
    // the keys match AND a guarded column of the group differs. Values: the keys, then the group's
    // Guarded columns, row by row. Empty when the group has no column.
    QString guardedUpdate(
        int rows, SqlDialect::Backend backend = SqlDialect::Backend::Sqlite, int group = 0) const;

    // The same statements for a backend that binds one array per bound column instead of one value
    // per row and column (SqlDialect::bindsColumnArrays): the text does not depend on the number of
    // rows, so one statement writes a whole batch. The arrays are bound in the order of the '?' of
    // insert(), each holding every row's value.
    // ON CONFLICT DO UPDATE writes the last listing of a key only (PostgreSQL refuses to update a row
    // twice in one statement; SQLite's row-by-row upsert leaves the last listing too), in key order.
    // Guarded columns are set by the upsert too where SqlDialect::guardsIndexedColumns says so.
    // ByTrigger: what SqlDialect::viewInsertFromRows gives, possibly several statements that are
    // each executed with the same arrays.
    QStringList insertFromArrays(SqlDialect::Backend backend) const;

    // Empty when the description is sound (a key, at most one '?' per value, Guarded columns only
    // with OnConflict::Update); otherwise what is wrong with it.
    QString problem() const;
    // Whether the open connection's table has every described column and no undescribed column
    // that an insert would have to fill (NOT NULL without a default); SqlDialect::tableColumns.
    bool matchesDatabase(const QSqlDatabase &db, Schema::Failure *failure) const;

private:
    QString valuesRows(int rows, const QList<const Column *> &columns, SqlDialect::Backend backend) const;
    // SELECT each column's value AS its name, ... and SqlDialect::listingColumn() (the row's number)
    // FROM the bound arrays.
    static QString rowsFromArrays(const QList<const Column *> &columns, SqlDialect::Backend backend);

    QString m_table;
    OnConflict m_onConflict;
    QList<Column> m_columns;
};

// A TableStatement together with how one Record binds to each of its columns.
template <typename Record> class TableDescription
{
public:
    using Bind = void (*)(StatementBinder &, const Record &);

    struct Column
    {
        TableStatement::Column sql;
        Bind bind = nullptr;

        Column key() const { return with(TableStatement::Role::Key); }
        Column guarded(int group = 0) const
        {
            Column column = with(TableStatement::Role::Guarded);
            column.sql.guardGroup = group;
            return column;
        }
        // The value as an expression around the bound '?', e.g. a subquery.
        Column as(const char *valueSql) const
        {
            Column column = *this;
            column.sql.value = QString::fromLatin1(valueSql);
            return column;
        }

    private:
        Column with(TableStatement::Role role) const
        {
            Column column = *this;
            column.sql.role = role;
            return column;
        }
    };

    // Get: a pointer to a member of Record, or a function of a const Record &.
    // A text column: a null QString binds NULL, an empty one ''.
    template <auto Get> static Column text(const char *name)
    {
        return {textSql(name), [](StatementBinder &b, const Record &r) { b.addText(std::invoke(Get, r)); }};
    }
    // A text column where an empty QString binds NULL.
    template <auto Get> static Column nullableText(const char *name)
    {
        return {textSql(name),
            [](StatementBinder &b, const Record &r) { b.addNullableText(std::invoke(Get, r)); }};
    }
    // A qint64, or a std::optional<qint64> or std::optional<bool> (1/0) that binds NULL when empty.
    template <auto Get> static Column integer(const char *name)
    {
        return {{QString::fromLatin1(name), QStringLiteral("?")},
            [](StatementBinder &b, const Record &r) { b.add(bindable(std::invoke(Get, r))); }};
    }
    // Bound to the time of the batch (StatementBinder::addBatchTime).
    static Column batchTime(const char *name)
    {
        return {{QString::fromLatin1(name), QStringLiteral("?")},
            [](StatementBinder &b, const Record &) { b.addBatchTime(); }};
    }
    // The same SQL value for every row; set to it on conflict too.
    static Column constant(const char *name, const char *valueSql)
    {
        return {{QString::fromLatin1(name), QString::fromLatin1(valueSql)}, nullptr};
    }

    TableDescription(
        QString table, TableStatement::OnConflict onConflict, std::initializer_list<Column> columns)
        : m_statement(std::move(table), onConflict, sqlOf(columns))
    {
        std::vector<Bind> keys;
        std::vector<std::vector<Bind>> guarded(size_t(qMax(1, m_statement.guardGroups())));
        for (const Column &column : columns) {
            if (column.sql.isBound() != (column.bind != nullptr))
                m_problem = QStringLiteral("%1.%2 binds no value for its placeholder, or one without any")
                                .arg(m_statement.table(), column.sql.name);
            if (!column.bind)
                continue;
            m_insertBinders.push_back(column.bind);
            if (column.sql.role == TableStatement::Role::Key)
                keys.push_back(column.bind);
            else if (column.sql.role == TableStatement::Role::Guarded && column.sql.guardGroup >= 0
                && size_t(column.sql.guardGroup) < guarded.size())
                guarded[size_t(column.sql.guardGroup)].push_back(column.bind);
        }
        for (std::vector<Bind> &group : guarded) {
            group.insert(group.begin(), keys.begin(), keys.end());
            m_guardedBinders.push_back(std::move(group));
        }
        if (m_problem.isEmpty())
            m_problem = m_statement.problem();
    }

    const TableStatement &statement() const { return m_statement; }
    // Empty when sound; see TableStatement::problem().
    const QString &problem() const { return m_problem; }

    int insertValuesPerRow() const { return int(m_insertBinders.size()); }
    int guardedValuesPerRow(int group = 0) const { return int(m_guardedBinders.at(size_t(group)).size()); }

    void bindInsert(StatementBinder &binder, const Record &record) const
    {
        for (const Bind bind : m_insertBinders)
            bind(binder, record);
    }
    void bindGuarded(StatementBinder &binder, const Record &record, int group = 0) const
    {
        for (const Bind bind : m_guardedBinders.at(size_t(group)))
            bind(binder, record);
    }

private:
    static TableStatement::Column textSql(const char *name)
    {
        return {QString::fromLatin1(name), QStringLiteral("CAST(? AS TEXT)"), TableStatement::Role::Updated,
            TableStatement::Type::Text};
    }
    static QVariant bindable(qint64 value) { return value; }
    static QVariant bindable(const std::optional<qint64> &value)
    {
        return value ? QVariant(*value) : QVariant();
    }
    static QVariant bindable(const std::optional<bool> &value)
    {
        return value ? QVariant(*value ? 1 : 0) : QVariant();
    }

    static QList<TableStatement::Column> sqlOf(std::initializer_list<Column> columns)
    {
        QList<TableStatement::Column> sql;
        for (const Column &column : columns)
            sql.append(column.sql);
        return sql;
    }

    TableStatement m_statement;
    QString m_problem;
    std::vector<Bind> m_insertBinders;
    std::vector<std::vector<Bind>> m_guardedBinders; // per guard group: keys first, then its columns
};
