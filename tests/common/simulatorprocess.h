#pragma once

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QUrl>

#include <memory>

// Runs the built kalshi-sim as a child process for a test and knows its API base URL.
// Lives in the test's thread; the child is killed when this object goes.
class SimulatorProcess final
{
public:
    SimulatorProcess() = default;
    ~SimulatorProcess();
    SimulatorProcess(const SimulatorProcess &) = delete;
    SimulatorProcess &operator=(const SimulatorProcess &) = delete;

    // Starts kalshi-sim with the arguments and waits for its "listening on" line.
    bool start(const QStringList &arguments, QString *error);
    void stop();

    QUrl baseUrl() const { return m_baseUrl; }
    QString baseUrlString() const { return m_baseUrl.toString(); }

    // Synchronous GET against the simulator, for the test's own expectations. Empty on failure.
    QJsonDocument get(const QString &pathAndQuery) const;
    // POST /sim/markets/{ticker} with new values ({"yes_bid_dollars": "0.70", ...}); the market, or empty.
    QJsonDocument moveMarket(const QString &ticker, const QJsonObject &values) const;
    // Clears the simulator's request statistics (POST /sim/reset-stats).
    bool resetStats() const;
    // Every item of a listing, following cursors to the end.
    QJsonArray listAll(const QString &path, const QString &itemsKey, const QString &query = QString()) const;

private:
    QProcess m_process;
    QUrl m_baseUrl;
};

namespace KmTest {

// For tests that cannot run without the simulator: a failed start aborts the test process (qFatal)
// with the reason, rather than letting every later check fail for it.
std::unique_ptr<SimulatorProcess> startSimulator(const QStringList &arguments);

} // namespace KmTest
