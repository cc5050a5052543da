#pragma once

#include <QCoreApplication>
#include <QFile>
#include <QList>
#include <QString>

#include <algorithm>
#include <cstdio>

// Helpers shared by the benchmark executables (tests/bench). Figures go to stdout, one line each,
// "name: value (target)"; everything else (progress, raw samples) goes to stderr.
namespace Bench {

inline void figure(const char *name, double value, int decimals, const char *target)
{
    std::printf("%s: %.*f (%s)\n", name, decimals, value, target);
    std::fflush(stdout);
}

inline void note(const QString &text)
{
    std::fprintf(stderr, "  %s\n", text.toLocal8Bit().constData());
    std::fflush(stderr);
}

inline double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype middle = values.size() / 2;
    return values.size() % 2 ? values.at(middle) : (values.at(middle - 1) + values.at(middle)) / 2;
}

inline QString samples(const QList<double> &values, int decimals = 3)
{
    QStringList texts;
    for (const double value : values)
        texts << QString::number(value, 'f', decimals);
    return texts.join(QStringLiteral(", "));
}

// A value from /proc/self/status in kB ("VmRSS", "VmHWM"), or -1.
inline qint64 procStatusKb(const char *field)
{
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').constFirst().toLongLong();
    }
    return -1;
}

// Removes a database file and its WAL and shared-memory files.
inline void removeDatabase(const QString &path)
{
    QFile::remove(path);
    QFile::remove(path + QStringLiteral("-wal"));
    QFile::remove(path + QStringLiteral("-shm"));
}

} // namespace Bench
