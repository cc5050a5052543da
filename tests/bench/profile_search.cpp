// A small driver for callgrind (issue 16): the browser's market searches of km-bench-browser in
// the default view (open markets by 24 h volume), each until its first page, through the real
// MarketTableModel and BrowserReader, on one thread. No timing of its own:
//     valgrind --tool=callgrind --collect-atstart=no --toggle-collect='BrowserReader::read*'
//         build/tests/bench/km-profile-search FILE.db gamma "alpha above 51"
#include "browser/browserreader.h"
#include "browser/markettablemodel.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    if (arguments.size() < 3) {
        QTextStream(stderr) << "usage: km-profile-search FILE.db QUERY...\n";
        return 2;
    }
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
