#pragma once

#include <QDateTime>
#include <QString>
#include <QWidget>

class LogModel;
class QComboBox;
class QLabel;
class QSortFilterProxyModel;
class QTimer;
class QTreeView;

// Lives in the GUI thread. A read-only log of what the app did and what went wrong, newest at the
// bottom: local time, level (with icon and colour) and message per line. It follows new messages
// unless the user has scrolled up, filters by level, and keeps at most maximumLines() messages,
// dropping the oldest. Messages from other threads arrive through queued signals that the main
// window connects to the slots. Thousands of messages a second are fine: rows have one uniform
// height and the count label is refreshed at most every 100 ms.
class LogView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogView)

public:
    enum class Level { Info, Warning, Error };
    Q_ENUM(Level)
    enum class Filter { All, WarningsAndErrors, Errors };
    Q_ENUM(Filter)

    static constexpr int defaultMaximumLines = 5000;

    explicit LogView(QWidget *parent = nullptr);
    ~LogView() override;

    int maximumLines() const;
    // Drops the oldest messages at once if more are stored.
    void setMaximumLines(int lines);
    // Messages stored, whatever the filter.
    int lineCount() const;
    int lineCount(Level level) const;
    // Messages that pass the filter.
    int visibleLineCount() const;
    Filter filter() const { return m_filter; }
    void setFilter(Filter filter);
    // True while new messages scroll the view to the bottom (the user has not scrolled up).
    bool isFollowingNewest() const { return m_follow; }
    // The lines that pass the filter, oldest first: "2026-03-12 14:02:11<TAB>Warning<TAB>text\n".
    QString visibleText() const;
    bool saveVisibleText(const QString &path, QString *error = nullptr) const;
    QTreeView *view() const { return m_view; }
    LogModel *model() const { return m_model; }

public Q_SLOTS:
    void appendMessage(LogView::Level level, const QString &text);
    void appendMessageAt(const QDateTime &time, LogView::Level level, const QString &text);
    void info(const QString &text);
    void warning(const QString &text);
    void error(const QString &text);
    void clear();
    // The selected lines, or every line that passes the filter when none is selected.
    void copy();
    // Asks for a file name and writes visibleText() to it.
    void saveAs();

Q_SIGNALS:
    void errorLogged(const QString &text);

private:
    void onScrollRangeChanged(int minimum, int maximum);
    void onScrollValueChanged(int value);
    void onRowsRemoved(const QModelIndex &parent, int first, int last);
    void scheduleCountUpdate();
    void updateCountLabel();

    LogModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTreeView *m_view = nullptr;
    QComboBox *m_filterBox = nullptr;
    QLabel *m_countLabel = nullptr;
    QTimer *m_countTimer = nullptr;
    Filter m_filter = Filter::All;
    bool m_follow = true;
    bool m_appending = false; // rows removed while appending are the dropped oldest lines
};
