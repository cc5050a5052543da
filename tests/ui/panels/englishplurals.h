#pragma once

#include <QString>
#include <QTranslator>

// What the English translation of the numerus strings does ("%n row(s)" -> "1 row", "2 rows"):
// the tests and the screenshots install it so that they see the text an English user sees.
class EnglishPlurals final : public QTranslator
{
public:
    using QTranslator::QTranslator;

    bool isEmpty() const override { return false; }

    QString translate(const char *context, const char *sourceText, const char *disambiguation = nullptr,
        int n = -1) const override
    {
        Q_UNUSED(context);
        Q_UNUSED(disambiguation);
        const QString source = QString::fromUtf8(sourceText);
        if (n < 0 || !source.contains(QLatin1String("(s)")))
            return QString();
        QString text = source;
        text.replace(QLatin1String("(s)"), n == 1 ? QString() : QStringLiteral("s"));
        return text;
    }
};
