#include "testsupport.h"

#include "storage/databaselocation.h"
#include "storage/schema.h"

#include <QAtomicInt>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <cstdio>

namespace KmTest {

namespace {

QAtomicInt g_forbiddenOutsideTests;
QtMessageHandler g_previousHandler = nullptr;

void guardHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if ((type == QtWarningMsg || type == QtCriticalMsg)
        && forbiddenWarningPattern().match(message).hasMatch()) {
        g_forbiddenOutsideTests.ref();
        std::fprintf(stderr, "FORBIDDEN QT WARNING outside a test function: %s\n", qPrintable(message));
    }
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

// Runs work(db) on a private connection to the file, opened and removed again in the calling thread;
// false (and work not run) when the file cannot be opened.
template <typename Work> bool withPrivateConnection(const QString &databasePath, Work &&work)
{
    bool opened = false;
    const QString name = QStringLiteral("kmtest-") + QUuid::createUuid().toString(QUuid::Id128);
    if (DatabaseLocation::isServerUrl(databasePath)) {
        // A PostgreSQL URL: through the project's own opening, never migrating.
        Schema::ConnectionOptions options;
        options.migrate = false;
        QString error;
        opened = Schema::openConnection(name, databasePath, options, &error);
        if (!opened) {
            qDebug("KmTest: cannot open %s: %s", qPrintable(Schema::displayName(databasePath)),
                qPrintable(error));
            return false;
        }
        work(QSqlDatabase::database(name, false));
        Schema::closeConnection(name);
        return true;
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(databasePath);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
        opened = db.open();
        if (opened)
            work(db);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return opened;
}

} // namespace

const QRegularExpression &forbiddenWarningPattern()
{
    // Never destroyed: warnings printed by static destructors after main() still need it.
    static const auto *pattern = new QRegularExpression(
        QStringLiteral("QThread|[Tt]hread|[Tt]imer|QSql|[Dd]atabase connection|connection .* still in use|"
                       "QObject|QSocketNotifier|QMetaObject|Cannot queue|event loop|QEventLoop|"
                       "QNetworkAccessManager|QBasicTimer|destroyed while|Unable to free statement"));
    return *pattern;
}

void failOnForbiddenWarnings()
{
    QTest::failOnWarning(forbiddenWarningPattern());
}

int exec(QObject *testObject, int argc, char **argv)
{
    g_previousHandler = qInstallMessageHandler(guardHandler);
    // QTest installs its own handler for the duration of qExec and restores ours afterwards.
    return QTest::qExec(testObject, argc, argv);
}

int finish(int qExecResult)
{
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    const int forbidden = g_forbiddenOutsideTests.loadRelaxed();
    if (forbidden > 0) {
        std::fprintf(stderr, "FAIL: %d forbidden Qt warning(s) outside test functions\n", forbidden);
        return qExecResult > 0 ? qExecResult : 1;
    }
    return qExecResult;
}

QVariantList queryColumn(const QString &databasePath, const QString &sql)
{
    QVariantList values;
    withPrivateConnection(databasePath, [&](const QSqlDatabase &db) {
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (query.exec(sql)) {
            while (query.next())
                values.append(query.value(0));
        } else {
            qDebug("KmTest::queryColumn failed: %s", qPrintable(query.lastError().text()));
        }
    });
    return values;
}

QVariant queryValue(const QString &databasePath, const QString &sql)
{
    const QVariantList values = queryColumn(databasePath, sql);
    return values.isEmpty() ? QVariant() : values.first();
}

qint64 countRows(const QString &databasePath, const QString &from)
{
    return queryValue(databasePath, QStringLiteral("SELECT count(*) FROM ") + from).toLongLong();
}

bool execStatements(const QString &databasePath, const QStringList &statements, QString *error)
{
    bool ok = true;
    const bool opened = withPrivateConnection(databasePath, [&](const QSqlDatabase &db) {
        QSqlQuery query(db);
        for (const QString &sql : statements) {
            ok = query.exec(sql);
            if (!ok) {
                if (error)
                    *error = query.lastError().text();
                break;
            }
        }
    });
    return opened && ok;
}

QString builtExecutable(const QString &name)
{
    // Tests live in build/tests/<area>/; executables in build/app/<name>/.
    QDir dir(QCoreApplication::applicationDirPath());
    for (int up = 0; up < 4; ++up) {
        const QStringList candidates = {
            dir.filePath(QStringLiteral("app/cli/") + name),
            dir.filePath(QStringLiteral("app/gui/") + name),
            dir.filePath(QStringLiteral("app/sim/") + name),
            dir.filePath(name),
        };
        for (const QString &candidate : candidates) {
            const QFileInfo info(candidate);
            if (info.isFile() && info.isExecutable())
                return info.absoluteFilePath();
        }
        if (!dir.cdUp())
            break;
    }
    return QString();
}

} // namespace KmTest
