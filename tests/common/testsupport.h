#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QTest>
#include <QVariant>

// Test helpers shared by every test executable. Qt warnings about threads, timers, SQL connections
// or objects are bugs here: KmTest makes them fail the test that caused them, and makes the process
// exit non-zero when one is printed outside any test function (e.g. while objects are destroyed).
namespace KmTest {

// The pattern of Qt warnings that count as bugs.
const QRegularExpression &forbiddenWarningPattern();

// Call at the start of init(), initTestCase() and cleanupTestCase(): every forbidden warning
// printed until the end of the current test function fails it.
void failOnForbiddenWarnings();

// Runs the test object like QTest::qExec, with the process-wide guard around it.
int exec(QObject *testObject, int argc, char **argv);

// After the test object is destroyed: non-zero if a forbidden warning was printed outside the
// test functions, else qExecResult.
int finish(int qExecResult);

// Opens a private connection to the database file, runs one statement and returns the first column
// of every row. Opens and closes the connection in the calling thread.
QVariantList queryColumn(const QString &databasePath, const QString &sql);
QVariant queryValue(const QString &databasePath, const QString &sql);

// SELECT count(*) FROM `from`: a table, optionally with a WHERE clause, or a parenthesized subquery.
qint64 countRows(const QString &databasePath, const QString &from);

// Runs several statements against the file in one connection (setup of fixtures).
bool execStatements(const QString &databasePath, const QStringList &statements, QString *error = nullptr);

// Path of an executable built beside the test (e.g. kalshi-monitor-cli), or empty if missing.
QString builtExecutable(const QString &name);

} // namespace KmTest

// QTEST_GUILESS_MAIN with the warning guard: core and network tests use this.
#define KM_TEST_GUILESS_MAIN(TestObject)                                                                     \
    int main(int argc, char *argv[])                                                                         \
    {                                                                                                        \
        QCoreApplication app(argc, argv);                                                                    \
        int result = 0;                                                                                      \
        {                                                                                                    \
            TestObject tc;                                                                                   \
            QTEST_SET_MAIN_SOURCE_PATH                                                                       \
            result = KmTest::exec(&tc, argc, argv);                                                          \
        }                                                                                                    \
        return KmTest::finish(result);                                                                       \
    }

// The same for widget tests (QApplication, so include <QApplication> first).
#define KM_TEST_WIDGETS_MAIN(TestObject)                                                                     \
    int main(int argc, char *argv[])                                                                         \
    {                                                                                                        \
        QApplication app(argc, argv);                                                                        \
        int result = 0;                                                                                      \
        {                                                                                                    \
            TestObject tc;                                                                                   \
            QTEST_SET_MAIN_SOURCE_PATH                                                                       \
            result = KmTest::exec(&tc, argc, argv);                                                          \
        }                                                                                                    \
        return KmTest::finish(result);                                                                       \
    }
