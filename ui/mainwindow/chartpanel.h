#pragma once

#include <QPair>
#include <QWidget>

#include <optional>

class QComboBox;
class QCompleter;
class QLabel;
class QLineEdit;
class QSettings;
class QStringListModel;
class QTimer;
class SnapshotChart;

// Lives in the GUI thread. The chart tab: a market picker (search by ticker or title, with
// completion from the database) above a SnapshotChart fed from price_snapshots. Reads through the
// GUI thread's read-only connection `connectionName`; every query is read to its end at once.
// Kalshi's candlestick history (up to a year of minutes) is read by a loader thread with its own
// connection, so that a long history never stalls the window.
class ChartPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChartPanel)

public:
    // A span of a market's history at one candle period (minutes); both ends Unix seconds.
    struct HistoryRange
    {
        int periodMinutes = 0;
        qint64 from = 0;
        qint64 to = 0;
        bool operator==(const HistoryRange &other) const
        {
            return periodMinutes == other.periodMinutes && from == other.from && to == other.to;
        }
        bool operator!=(const HistoryRange &other) const { return !(*this == other); }
    };

    explicit ChartPanel(QWidget *parent = nullptr);
    ~ChartPanel() override;

    // The GUI thread's read connection, and the location (file or server URL) that the history
    // loader opens a connection of its own to.
    void setDatabase(const QString &connectionName, const QString &databasePath);
    QString currentTicker() const { return m_ticker; }
    SnapshotChart *chart() const { return m_chart; }
    // The line above the chart: what is being fetched, or why it could not be.
    QString infoText() const;

    // Writes the chart as it shows now (PNG) or its visible snapshots (CSV); false with a reason.
    bool exportImage(const QString &path, QString *error);
    bool exportCsv(const QString &path, QString *error);
    // The market and, when zoomed, the visible time range (chart/market, chart/from, chart/to).
    void saveState(QSettings &settings) const;
    // Shows the saved market and zoom; a zoom that reaches into history not loaded yet is applied
    // again when the history arrives.
    void restoreState(const QSettings &settings);
    // Markets whose ticker or title contains `text`, tickers sorted naturally (B9 before B10).
    QStringList completionsFor(const QString &text) const;
    // The candle period worth fetching for a market open from openTime to closeTime (or now, if
    // later): 1 minute up to 3 days, 1 hour up to 3 months, 1 day beyond; 1 hour when unknown.
    static int historyPeriodFor(std::optional<qint64> openTime, std::optional<qint64> closeTime, qint64 now);
    // The same rule for a chart showing `span` seconds.
    static int historyPeriodForSpan(qint64 span);

public Q_SLOTS:
    void showMarket(const QString &ticker);
    // New snapshots may have been committed: appends those newer than the last point shown.
    void appendNewSnapshots();
    // Kalshi's history of a market was fetched (candles stored: its number): the chart reads it
    // again if it shows that market, and says how the fetch went.
    void historyFetched(const QString &ticker, bool ok, qint64 candles, const QString &error);
    void historyFetchStarted(const QString &ticker);
    // A request for the ticker's history failed and is tried again: `trouble` says what and when.
    void historyRetrying(const QString &ticker, const QString &trouble);

Q_SIGNALS:
    // Kalshi's history of a market should be fetched at this period (minutes): its whole life when
    // since and until are 0 (a market was opened), else [since, until] (Unix seconds; the chart was
    // zoomed or panned to a span that wants a finer period than its whole life was fetched at).
    void historyWanted(const QString &ticker, int periodMinutes, qint64 since, qint64 until);

protected:
    void showEvent(QShowEvent *event) override;

private:
    // The read connection is open: a server's outage removes it until the window connects again.
    bool databaseReadable() const;
    void onSearchEdited(const QString &text);
    void updateCompletions();
    void onSearchAccepted();
    bool loadMarket(const QString &ticker, QString *title, QString *status, std::optional<qint64> *openTime,
        std::optional<qint64> *closeTime);
    // Reads the market's stored candlestick history in a thread of its own and hands it to the
    // chart; a later market (or call) makes the pending result stale.
    void loadHistory();
    // After a zoom or pan has settled: asks for the visible span's finer history (with half a span
    // on either side) unless it was asked for already, and reads it into the chart.
    void askForVisibleDetail();
    void chooseImageFile();
    void chooseCsvFile();
    QString suggestedFileName(const QString &suffix) const;

    QString m_connectionName;
    QString m_databasePath;
    QString m_ticker;
    QString m_pendingTicker; // asked for while the database could not be read
    qint64 m_marketId = 0;
    qint64 m_lastTime = 0;
    quint64 m_historyGeneration = 0;
    std::optional<QPair<qint64, qint64>> m_restoredRange;
    std::optional<qint64> m_openTime;
    std::optional<qint64> m_closeTime;
    int m_lifePeriod = 0; // the period the market's whole life was asked for at
    std::optional<HistoryRange> m_detail; // drawn over the whole life's candles
    std::optional<HistoryRange> m_loadedDetail; // the detail the latest loader reads
    QList<HistoryRange> m_askedDetails; // of this market, so that a range is asked for once
    QLineEdit *m_search;
    QLabel *m_info;
    QComboBox *m_unit;
    SnapshotChart *m_chart;
    QCompleter *m_completer;
    QStringListModel *m_completions;
    QTimer *m_completionTimer;
    QTimer *m_detailTimer;
};
