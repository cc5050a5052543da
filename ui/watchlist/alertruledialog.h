#pragma once

#include "alerts/alertrule.h"
#include "alerts/alertruleinput.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QStackedWidget;

// Lives in the GUI thread. Asks for a new alert rule: what to watch (the market, its event or its
// series), one condition and a note. The words go through AlertRuleParser, the parser of
// `kalshi-monitor-cli alerts add`, so that the same words give the same rule; a refusal is shown in
// the dialog, naming the field, and the dialog stays open. It writes nothing: whoever opened it
// hands rule() to the writer.
class AlertRuleDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertRuleDialog)

public:
    // The market the dialog starts from; event and series may be empty (not stored yet).
    struct Market
    {
        QString ticker;
        QString event;
        QString series;
    };
    enum class Condition { Level, Move, VolumeJump, StatusChange };

    explicit AlertRuleDialog(const Market &market, QWidget *parent = nullptr);
    ~AlertRuleDialog() override;

    // The fields, for tests and the screenshot: the scope is chosen by its AlertRule::Scope.
    void setScope(AlertRule::Scope scope);
    void setCondition(Condition condition);
    QLineEdit *targetEdit() const { return m_target; }
    QComboBox *fieldBox() const { return m_field; }
    QComboBox *directionBox() const { return m_direction; }
    QLineEdit *levelEdit() const { return m_level; }
    QLineEdit *moveEdit() const { return m_move; }
    QLineEdit *withinEdit() const { return m_within; }
    QLineEdit *volumeEdit() const { return m_volume; }
    QLineEdit *noteEdit() const { return m_note; }
    QLabel *errorLabel() const { return m_error; }

    // The words as the fields hold them, and the rule they make (valid after accepted()).
    AlertRuleInput input() const;
    const AlertRule &rule() const { return m_rule; }

public Q_SLOTS:
    void accept() override;

private:
    void scopeChosen();
    QString refusal(const AlertRuleInputError &error) const;
    QWidget *fieldOf(AlertRuleInputError::Part part) const;

    const Market m_market;
    QComboBox *m_scope;
    QLineEdit *m_target;
    QComboBox *m_condition;
    QStackedWidget *m_conditionPages;
    QComboBox *m_field;
    QComboBox *m_direction;
    QLineEdit *m_level;
    QLineEdit *m_move;
    QLineEdit *m_within;
    QLineEdit *m_volume;
    QLineEdit *m_note;
    QLabel *m_error;
    AlertRule m_rule;
};
