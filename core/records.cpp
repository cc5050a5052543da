#include "records.h"

QString batchKindName(WriteBatch::Kind kind)
{
    switch (kind) {
    case WriteBatch::Kind::Events:
        return QStringLiteral("events");
    case WriteBatch::Kind::Markets:
        return QStringLiteral("markets");
    case WriteBatch::Kind::Settlements:
        return QStringLiteral("settlements");
    case WriteBatch::Kind::Snapshots:
        return QStringLiteral("snapshots");
    case WriteBatch::Kind::Candles:
        return QStringLiteral("candles");
    }
    return QString();
}
