#include "storage/marketsearch.h"

#include <QStringList>

namespace MarketSearch {

QString matchExpression(const QString &text)
{
    QStringList words;
    QString word;
    const auto flush = [&] {
        if (!word.isEmpty())
            words.append(u'"' + word.toLower() + QStringLiteral("\"*"));
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
    return words.join(u' ');
}

} // namespace MarketSearch
