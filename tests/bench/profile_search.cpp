// A small driver for callgrind (issue 16): the browser's market searches of km-bench-browser in
// the default view (open markets by 24 h volume), each until its first page, through the real
// MarketTableModel and BrowserReader, on one thread. No timing of its own:
//     valgrind --tool=callgrind --collect-atstart=no --toggle-collect='BrowserReader::read*'
//         build/tests/bench/km-profile-search FILE.db gamma "alpha above 51"
// With --walk, one page of the browser's walk along the 24 h volume index of open markets, each
// row tested with km_search_hit(id, match, rowLimit) (0: the list at once), five times, each
// statement's thread CPU time printed:
//     build/tests/bench/km-profile-search FILE.db --walk gamma ROWLIMIT OFFSET
#include "browser/browserreader.h"
#include "browser/markettablemodel.h"

#include "storage/marketsearch.h"
#include "storage/schema.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTextStream>

#include <ctime>

namespace {

double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

int walk(const QString &path, const QString &text, qint64 rowLimit, qint64 offset)
{
    Schema::ConnectionOptions options;
    options.access = Schema::Access::ReadOnly;
    QString error;
    if (!Schema::openConnection(QStringLiteral("walk"), path, options, &error)) {
        QTextStream(stderr) << error << '\n';
        return 1;
    }
    {
        QSqlQuery query(QSqlDatabase::database(QStringLiteral("walk"), false));
        // An experiment's PRAGMA on the connection (e.g. mmap_size), from the environment.
        if (qEnvironmentVariableIsSet("KM_PROFILE_PRAGMA"))
            query.exec(qEnvironmentVariable("KM_PROFILE_PRAGMA"));
        query.finish();
        query.setForwardOnly(true);
        query.prepare(
            QStringLiteral("SELECT ticker, title, volume_24h FROM markets WHERE km_search_hit(id, ?, ?) AND ")
            + MarketTableModel::statusGroupSql()
            + QStringLiteral(" = %1 ORDER BY volume_24h DESC NULLS LAST, ticker LIMIT 256 OFFSET ?")
                  .arg(int(BrowserTableModel::StatusFilter::Open)));
        for (int run = 0; run < 5; ++run) {
            const double start = threadCpuMs();
            query.addBindValue(MarketSearch::matchExpression(text));
            query.addBindValue(rowLimit);
            query.addBindValue(offset);
            int rows = 0;
            QString first;
            if (query.exec()) {
                while (query.next()) {
                    if (rows++ == 0)
                        first = query.value(0).toString();
                }
            }
            query.finish();
            QTextStream(stdout) << text << " row limit " << rowLimit << " offset " << offset << ": " << rows
                                << " rows, first " << first << ", "
                                << QString::number(threadCpuMs() - start, 'f', 2) << " ms CPU\n";
        }
    }
    Schema::closeConnection(QStringLiteral("walk"));
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    if (arguments.size() < 3) {
        QTextStream(stderr) << "usage: km-profile-search FILE.db QUERY...\n";
        return 2;
    }
    if (arguments.at(2) == QLatin1String("--walk") && arguments.size() == 6)
        return walk(
            arguments.at(1), arguments.at(3), arguments.at(4).toLongLong(), arguments.at(5).toLongLong());
    BrowserReader reader;
    const QString error = reader.open(arguments.at(1), 250);
    if (!error.isEmpty()) {
        QTextStream(stderr) << error << '\n';
        return 1;
    }
    MarketTableModel model;
    model.setReader(&reader);
    model.setStatusFilter(BrowserTableModel::StatusFilter::Open);
    model.sort(MarketTableModel::Volume24h, Qt::DescendingOrder);
    const auto idle = [&] {
        QElapsedTimer clock;
        clock.start();
        while (model.isBusy() && clock.elapsed() < 60000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    };
    idle();
    for (int i = 2; i < arguments.size(); ++i) {
        QElapsedTimer clock;
        clock.start();
        model.setSearchText(arguments.at(i));
        idle();
        QTextStream(stdout) << arguments.at(i) << ": " << model.rowCount() << " rows, first "
                            << model.data(model.index(0, 0)).toString() << ", " << clock.elapsed() << " ms\n";
        model.setSearchText(QString());
        idle();
    }
    return 0;
}
