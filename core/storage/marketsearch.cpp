#include "storage/marketsearch.h"

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QStringList>
#include <QVariant>

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <string>
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

// A word of the MATCH as the index's tokenizer reads it: the token, and whether it is a prefix.
struct Term
{
    std::string token;
    bool prefix = false;
};

// What km_search_hit() keeps for one statement (with its constant MATCH argument): first the
// terms and a statement that reads one row's indexed texts, to test the rows it is asked about one
// by one; once it has tested `rowLimit` rows, every match read once into a sorted list instead.
struct Hits
{
    Q_DISABLE_COPY_MOVE(Hits)
    Hits() = default;
    ~Hits()
    {
        sqlite3_finalize(row);
        if (tokenizerInstance)
            tokenizer.xDelete(tokenizerInstance);
    }

    // Row by row: the terms, the row's texts, the tokenizer of the index (unicode61, as created).
    std::vector<Term> terms;
    sqlite3_stmt *row = nullptr;
    fts5_tokenizer tokenizer{};
    Fts5Tokenizer *tokenizerInstance = nullptr;
    sqlite3_int64 rowsTested = 0;
    sqlite3_int64 rowLimit = 0;
    sqlite3_int64 rowHits = 0;
    sqlite3_int64 hitLimit = 0;
    // Found while one row's texts are tokenized.
    std::vector<char> found;
    std::size_t missing = 0;
    // The matches, ascending, once read.
    bool listed = false;
    std::vector<sqlite3_int64> ids;
};

void deleteHits(void *hits)
{
    delete static_cast<Hits *>(hits);
}

// The quoted words of matchExpression() ("w1" "w2" "w3"*), each tokenized as FTS5 tokenizes a
// query's string; false when the text has another shape or a word is not exactly one token (a
// phrase of several, or none): then only the list answers.
bool parseTerms(Hits *hits, const char *match)
{
    const std::string text(match ? match : "");
    std::size_t at = 0;
    while (at < text.size()) {
        if (text[at] == ' ') {
            ++at;
            continue;
        }
        if (text[at] != '"')
            return false;
        const std::size_t close = text.find('"', at + 1);
        if (close == std::string::npos)
            return false;
        const std::string word = text.substr(at + 1, close - at - 1);
        at = close + 1;
        const bool prefix = at < text.size() && text[at] == '*';
        if (prefix)
            ++at;
        if (at < text.size() && text[at] != ' ')
            return false;
        std::vector<std::string> tokens;
        const auto collect = [](void *context, int flags, const char *token, int size, int, int) {
            if (flags & FTS5_TOKEN_COLOCATED)
                return SQLITE_ERROR; // synonyms: not what unicode61 gives
            static_cast<std::vector<std::string> *>(context)->emplace_back(token, std::size_t(size));
            return SQLITE_OK;
        };
        const int rc = hits->tokenizer.xTokenize(hits->tokenizerInstance, &tokens,
            FTS5_TOKENIZE_QUERY | (prefix ? FTS5_TOKENIZE_PREFIX : 0), word.data(), int(word.size()),
            collect);
        if ((rc != SQLITE_OK && rc != SQLITE_DONE) || tokens.size() != 1)
            return false;
        hits->terms.push_back({tokens.front(), prefix});
    }
    return !hits->terms.empty();
}

// Whether one market's indexed texts hold every term (a prefix term as the start of a token), in
// any column: what the MATCH of those terms decides for that row. -1 on an error.
int rowMatches(Hits *hits, sqlite3_int64 id)
{
    sqlite3_reset(hits->row);
    sqlite3_bind_int64(hits->row, 1, id);
    const int step = sqlite3_step(hits->row);
    if (step == SQLITE_DONE)
        return 0; // not in the index
    if (step != SQLITE_ROW)
        return -1;
    hits->found.assign(hits->terms.size(), 0);
    hits->missing = hits->terms.size();
    const auto test = [](void *context, int flags, const char *token, int size, int, int) {
        Q_UNUSED(flags);
        auto *state = static_cast<Hits *>(context);
        const auto length = std::size_t(size);
        for (std::size_t i = 0; i < state->terms.size(); ++i) {
            if (state->found[i])
                continue;
            const std::string &term = state->terms[i].token;
            const bool hit = state->terms[i].prefix
                ? length >= term.size() && std::memcmp(token, term.data(), term.size()) == 0
                : length == term.size() && std::memcmp(token, term.data(), length) == 0;
            if (hit) {
                state->found[i] = 1;
                --state->missing;
            }
        }
        return state->missing == 0 ? SQLITE_DONE : SQLITE_OK;
    };
    const int columns = sqlite3_column_count(hits->row);
    for (int column = 0; column < columns && hits->missing > 0; ++column) {
        const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(hits->row, column));
        if (!text)
            continue;
        const int rc = hits->tokenizer.xTokenize(hits->tokenizerInstance, hits, FTS5_TOKENIZE_DOCUMENT, text,
            sqlite3_column_bytes(hits->row, column), test);
        if (rc != SQLITE_OK && rc != SQLITE_DONE)
            return -1;
    }
    return hits->missing == 0 ? 1 : 0;
}

// Every match of the MATCH into the sorted list (same connection, same read transaction).
bool listMatches(sqlite3 *db, Hits *hits, sqlite3_value *match)
{
    hits->ids.clear(); // a read that failed before may have left some
    sqlite3_stmt *statement = nullptr;
    int rc = sqlite3_prepare_v2(
        db, "SELECT rowid FROM market_search WHERE market_search MATCH ?1", -1, &statement, nullptr);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_value(statement, 1, match);
    while (rc == SQLITE_OK && (rc = sqlite3_step(statement)) == SQLITE_ROW) {
        hits->ids.push_back(sqlite3_column_int64(statement, 0));
        rc = SQLITE_OK;
    }
    sqlite3_finalize(statement);
    if (rc != SQLITE_DONE)
        return false;
    // FTS5 returns rowids in ascending order; sorted once more in case a version does not.
    if (!std::is_sorted(hits->ids.cbegin(), hits->ids.cend()))
        std::sort(hits->ids.begin(), hits->ids.end());
    hits->listed = true;
    return true;
}

// The statement that reads one market's indexed texts (rowid ?1). The index's content table
// (FTS5's market_search_content: c0 to c3 are the columns in the table's order, id the rowid) is
// read directly: through the virtual table every row opened and closed an FTS5 cursor, about four
// times the instructions. The virtual table when that table is not there.
bool prepareRowStatement(sqlite3 *db, sqlite3_stmt **statement)
{
    return sqlite3_prepare_v2(
               db, "SELECT c0, c1, c2, c3 FROM market_search_content WHERE id = ?1", -1, statement, nullptr)
        == SQLITE_OK
        || sqlite3_prepare_v2(db,
               "SELECT ticker, title, subtitles, event_title FROM market_search WHERE rowid = ?1", -1,
               statement, nullptr)
        == SQLITE_OK;
}

// Rows tested one by one before the list is read. One costs about 1.5 us of CPU (the texts read
// and tokenized, 10,000 to 14,000 instructions); the list of a broad search 10 to 15 ms (57,000 to
// 200,000 matches of 1,000,000 markets). A first page (LIMIT 256) stops at its 256th hit; a statement
// that asks on past that many hits is a later page (OFFSET), which steps over many more rows: it
// reads the list at once. Either way at most 8,192 rows are tested alone.
constexpr sqlite3_int64 defaultRowLimit = 8192;
constexpr sqlite3_int64 defaultHitLimit = 256;

void searchHit(sqlite3_context *context, int argumentCount, sqlite3_value **arguments)
{
    const sqlite3_int64 id = sqlite3_value_int64(arguments[0]);
    sqlite3 *db = sqlite3_context_db_handle(context);
    auto *hits = static_cast<Hits *>(sqlite3_get_auxdata(context, 1));
    const bool first = hits == nullptr;
    if (first) {
        // The statement's first row: the terms and the row statement, when the MATCH allows.
        hits = new Hits;
        hits->rowLimit = argumentCount > 2 ? sqlite3_value_int64(arguments[2]) : defaultRowLimit;
        hits->hitLimit = argumentCount > 3 ? sqlite3_value_int64(arguments[3]) : defaultHitLimit;
        auto *api = static_cast<fts5_api *>(sqlite3_user_data(context));
        void *tokenizerContext = nullptr;
        const bool rowsTestable = hits->rowLimit > 0 && api
            && api->xFindTokenizer(api, "unicode61", &tokenizerContext, &hits->tokenizer) == SQLITE_OK
            && hits->tokenizer.xCreate(tokenizerContext, nullptr, 0, &hits->tokenizerInstance) == SQLITE_OK
            && parseTerms(hits, reinterpret_cast<const char *>(sqlite3_value_text(arguments[1])))
            && prepareRowStatement(db, &hits->row);
        if (!rowsTestable)
            hits->rowLimit = 0;
    }
    int hit = -1;
    if (!hits->listed && hits->rowsTested < hits->rowLimit && hits->rowHits < hits->hitLimit) {
        ++hits->rowsTested;
        hit = rowMatches(hits, id);
        hits->rowHits += hit > 0 ? 1 : 0;
    } else {
        if (!hits->listed && !listMatches(db, hits, arguments[1])) {
            sqlite3_result_error(context, sqlite3_errmsg(db), -1);
            if (first)
                delete hits;
            return;
        }
        hit = std::binary_search(hits->ids.cbegin(), hits->ids.cend(), id) ? 1 : 0;
    }
    if (hit < 0) {
        sqlite3_result_error(context, sqlite3_errmsg(db), -1);
        if (first)
            delete hits;
        return;
    }
    sqlite3_result_int(context, hit);
    // SQLite owns the state from here on and may free it at once (the next row starts over).
    if (first)
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
        || sqlite3_create_function_v2(sqlite, "km_search_hit", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY, api,
               searchHit, nullptr, nullptr, nullptr)
            != SQLITE_OK
        || sqlite3_create_function_v2(sqlite, "km_search_hit", 3, SQLITE_UTF8 | SQLITE_DIRECTONLY, api,
               searchHit, nullptr, nullptr, nullptr)
            != SQLITE_OK
        || sqlite3_create_function_v2(sqlite, "km_search_hit", 4, SQLITE_UTF8 | SQLITE_DIRECTONLY, api,
               searchHit, nullptr, nullptr, nullptr)
            != SQLITE_OK) {
        *error = QString::fromUtf8(sqlite3_errmsg(sqlite));
        return false;
    }
    return true;
}

} // namespace MarketSearch
