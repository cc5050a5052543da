#pragma once

#include <QString>
#include <QTemporaryDir>

namespace KmTest {

// A temporary folder for one test object's database files, removed with it. newDatabasePath()
// names a new file each call (PREFIX-1.db, PREFIX-2.db, ...), so no test meets another's file.
class DatabaseFolder final
{
public:
    explicit DatabaseFolder(QString prefix)
        : m_prefix(std::move(prefix))
    {
    }

    bool isValid() const { return m_dir.isValid(); }
    QString filePath(const QString &name) const { return m_dir.filePath(name); }
    QString newDatabasePath()
    {
        return m_dir.filePath(m_prefix + u'-' + QString::number(++m_counter) + u".db");
    }

private:
    QTemporaryDir m_dir;
    QString m_prefix;
    int m_counter = 0;
};

} // namespace KmTest
