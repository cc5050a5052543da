#include "sync/syncrequest.h"

QString SyncRequest::commandName(Kind kind)
{
    switch (kind) {
    case Kind::Events:
        return QStringLiteral("sync-events");
    case Kind::Markets:
        return QStringLiteral("sync-markets");
    case Kind::Settlements:
        return QStringLiteral("sync-settlements");
    case Kind::Snapshot:
        return QStringLiteral("snapshot");
    case Kind::Full:
        return QStringLiteral("full-sync");
    }
    return QString();
}
