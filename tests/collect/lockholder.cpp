// A second OS process for tst_collectorlock: holds the collector lock of DB until a line or EOF
// arrives on stdin. Prints "locked <pid>" or "refused <message>". Usage: km-collector-lock-holder DB
#include "collect/collectorlock.h"

#include <QCoreApplication>
#include <QStringList>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 2) {
        std::fprintf(stderr, "usage: km-collector-lock-holder DB\n");
        return 2;
    }
    CollectorLock lock(args.at(1));
    if (!lock.tryAcquire()) {
        std::printf("refused %s\n", qPrintable(lock.errorString()));
        return 1;
    }
    std::printf("locked %lld\n", static_cast<long long>(QCoreApplication::applicationPid()));
    std::fflush(stdout);
    char line[64];
    if (!std::fgets(line, sizeof line, stdin))
        line[0] = '\0';
    lock.release();
    return 0;
}
