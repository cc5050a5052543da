#include "storage/marketsearch.h"

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QStringList>
#include <QVariant>

#include <sqlite3.h>

#include <algorithm>
#include <vector>

namespace MarketSearch {

QString matchExpression(const QString &text)
{
    QStringList words;
    QString word;
    const auto flush = [&] {
        if (!word.isEmpty())
            words.append(u'"' + word.toLower() + u'"');
        word.clear();
    };
    for (const QChar c : text) {
        // Quotes cannot reach the expression: they are not letters or digits.
        if (c.isLetterOrNumber())
            word.append(c);
        else
            flush();
    }
    flush();
    // Only the last word is still being typed: a prefix. The others are whole words, whose lists
    // the index seeks through; a prefix of a word in every ticker ("kxev"*) would merge a list of
    // every market first (110 ms against 0.6 ms on 1,000,000 markets).
    if (!words.isEmpty())
        words.last().append(u'*');
    return words.join(u' ');
}

namespace {

// The market_search columns the tiers name, in the table's order (ticker, title, subtitles, event
// title): the tier is the column itself.
constexpr int lastTier = 3;

void searchTier(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context, int argumentCount,
    sqlite3_value **arguments)
{
    Q_UNUSED(argumentCount);
    Q_UNUSED(arguments);
    // Every phrase (word) of the MATCH is in the row; the columns that hold it come in ascending
    // order, so the first is its lowest. The row's tier is the highest of those.
    int tier = 0;
    const int phrases = api->xPhraseCount(fts);
    for (int phrase = 0; phrase < phrases && tier < lastTier; ++phrase) {
        Fts5PhraseIter iterator{};
        int column = -1;
        const int rc = api->xPhraseFirstColumn(fts, phrase, &iterator, &column);
        if (rc != SQLITE_OK) {
            sqlite3_result_error_code(context, rc);
            return;
        }
        tier = column < 0 ? lastTier : std::max(tier, std::min(column, lastTier));
    }
    sqlite3_result_int(context, tier);
}

struct Hits
{
    std::vector<sqlite3_int64> ids; // ascending
};

void deleteHits(void *hits)
{
    delete static_cast<Hits *>(hits);
}

void searchHit(sqlite3_context *context, int argumentCount, sqlite3_value **arguments)
{
    Q_UNUSED(argumentCount);
    const sqlite3_int64 id = sqlite3_value_int64(arguments[0]);
    if (const auto *hits = static_cast<const Hits *>(sqlite3_get_auxdata(context, 1))) {
        sqlite3_result_int(context, std::binary_search(hits->ids.cbegin(), hits->ids.cend(), id) ? 1 : 0);
        return;
    }
    // The statement's first row: read the matches (same connection, same read transaction).
    sqlite3 *db = sqlite3_context_db_handle(context);
    sqlite3_stmt *statement = nullptr;
    int rc = sqlite3_prepare_v2(
        db, "SELECT rowid FROM market_search WHERE market_search MATCH ?1", -1, &statement, nullptr);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_value(statement, 1, arguments[1]);
    auto *hits = new Hits;
    while (rc == SQLITE_OK && (rc = sqlite3_step(statement)) == SQLITE_ROW) {
        hits->ids.push_back(sqlite3_column_int64(statement, 0));
        rc = SQLITE_OK;
    }
    if (rc != SQLITE_DONE) {
        sqlite3_result_error(context, sqlite3_errmsg(db), -1);
        sqlite3_finalize(statement);
        delete hits;
        return;
    }
    sqlite3_finalize(statement);
    // FTS5 returns rowids in ascending order; sorted once more in case a version does not.
    if (!std::is_sorted(hits->ids.cbegin(), hits->ids.cend()))
        std::sort(hits->ids.begin(), hits->ids.end());
    sqlite3_result_int(context, std::binary_search(hits->ids.cbegin(), hits->ids.cend(), id) ? 1 : 0);
    // SQLite owns the list from here on and may free it at once.
    sqlite3_set_auxdata(context, 1, hits, deleteHits);
}

fts5_api *fts5Api(sqlite3 *db)
{
    fts5_api *api = nullptr;
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, nullptr) == SQLITE_OK) {
        sqlite3_bind_pointer(statement, 1, static_cast<void *>(&api), "fts5_api_ptr", nullptr);
        sqlite3_step(statement);
    }
    sqlite3_finalize(statement);
    return api;
}

} // namespace

bool registerSqliteFunctions(const QSqlDatabase &db, QString *error)
{
    // Qt's documented way down to the C API of an open QSQLITE connection.
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0) {
        *error = QStringLiteral("not an SQLite connection");
        return false;
    }
    sqlite3 *sqlite = *static_cast<sqlite3 *const *>(handle.constData());
    fts5_api *api = fts5Api(sqlite);
    if (!api || api->iVersion < 2) {
        *error = QStringLiteral("this SQLite has no FTS5");
        return false;
    }
    if (api->xCreateFunction(api, "km_search_tier", nullptr, searchTier, nullptr) != SQLITE_OK
        || sqlite3_create_function_v2(sqlite, "km_search_hit", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY, nullptr,
               searchHit, nullptr, nullptr, nullptr)
            != SQLITE_OK) {
        *error = QString::fromUtf8(sqlite3_errmsg(sqlite));
        return false;
    }
    return true;
}

} // namespace MarketSearch
