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
    explicit ChartPanel(QWidget *parent = nullptr);
    ~ChartPanel() override;

    void setConnectionName(const QString &connectionName);
    QString currentTicker() const { return m_ticker; }
    SnapshotChart *chart() const { return m_chart; }

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

public Q_SLOTS:
    void showMarket(const QString &ticker);
    // New snapshots may have been committed: appends those newer than the last point shown.
    void appendNewSnapshots();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void onSearchEdited(const QString &text);
    void updateCompletions();
    void onSearchAccepted();
    bool loadMarket(const QString &ticker, QString *title, QString *status);
    // Reads the market's stored candlestick history in a thread of its own and hands it to the
    // chart; a later market (or call) makes the pending result stale.
    void loadHistory();
    void chooseImageFile();
    void chooseCsvFile();
    QString suggestedFileName(const QString &suffix) const;

    QString m_connectionName;
    QString m_ticker;
    qint64 m_marketId = 0;
    qint64 m_lastTime = 0;
    quint64 m_historyGeneration = 0;
    std::optional<QPair<qint64, qint64>> m_restoredRange;
    QLineEdit *m_search;
    QLabel *m_info;
    QComboBox *m_unit;
    SnapshotChart *m_chart;
    QCompleter *m_completer;
    QStringListModel *m_completions;
    QTimer *m_completionTimer;
};
