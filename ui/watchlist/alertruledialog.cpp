#include "watchlist/alertruledialog.h"

#include "watchlist/alertruletext.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace {

QWidget *row(QWidget *parent, const QList<QWidget *> &widgets)
{
    auto *page = new QWidget(parent);
    auto *layout = new QHBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QWidget *widget : widgets) {
        widget->setParent(page);
        layout->addWidget(widget);
    }
    layout->addStretch(1);
    return page;
}

} // namespace

AlertRuleDialog::AlertRuleDialog(const Market &market, QWidget *parent)
    : QDialog(parent)
    , m_market(market)
    , m_scope(new QComboBox(this))
    , m_target(new QLineEdit(this))
    , m_condition(new QComboBox(this))
    , m_conditionPages(new QStackedWidget(this))
    , m_field(new QComboBox(this))
    , m_direction(new QComboBox(this))
    , m_level(new QLineEdit(this))
    , m_move(new QLineEdit(this))
    , m_within(new QLineEdit(this))
    , m_volume(new QLineEdit(this))
    , m_note(new QLineEdit(this))
    , m_error(new QLabel(this))
{
    setWindowTitle(tr("Add Alert Rule"));
    setObjectName(QStringLiteral("alertRuleDialog"));
    const auto named = [](const QString &suffix) {
        return suffix.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(suffix);
    };
    m_scope->addItem(tr("This market") + named(market.ticker), int(AlertRule::Scope::Ticker));
    m_scope->addItem(tr("Any market of its event") + named(market.event), int(AlertRule::Scope::Event));
    m_scope->addItem(tr("Any market of its series") + named(market.series), int(AlertRule::Scope::Series));
    m_target->setText(market.ticker);

    m_condition->addItem(tr("Price crosses a level"), int(Condition::Level));
    m_condition->addItem(tr("Last price moves"), int(Condition::Move));
    m_condition->addItem(tr("24h volume jumps"), int(Condition::VolumeJump));
    m_condition->addItem(tr("Status or result changes"), int(Condition::StatusChange));

    for (const AlertRule::Field field :
        {AlertRule::Field::YesBid, AlertRule::Field::YesAsk, AlertRule::Field::NoBid, AlertRule::Field::NoAsk,
            AlertRule::Field::LastPrice, AlertRule::Field::Spread})
        m_field->addItem(AlertRuleText::fieldWords(field), AlertRule::fieldName(field));
    m_direction->addItem(tr("above"), AlertRule::kindName(AlertRule::Kind::Above));
    m_direction->addItem(tr("below"), AlertRule::kindName(AlertRule::Kind::Below));
    m_level->setPlaceholderText(tr("0.65 or 65c"));
    m_move->setPlaceholderText(tr("5"));
    m_within->setPlaceholderText(tr("10m"));
    m_volume->setPlaceholderText(tr("1000"));
    for (QLineEdit *edit : {m_level, m_move, m_within, m_volume})
        edit->setMaximumWidth(110);
    m_conditionPages->addWidget(row(m_conditionPages, {m_field, m_direction, m_level}));
    m_conditionPages->addWidget(row(m_conditionPages,
        {new QLabel(tr("by at least"), this), m_move, new QLabel(tr("cents within"), this), m_within}));
    m_conditionPages->addWidget(row(m_conditionPages,
        {new QLabel(tr("by at least"), this), m_volume,
            new QLabel(tr("contracts between two snapshots"), this)}));
    auto *statusText = new QLabel(tr("Fires when the market's status (or its result) differs from the "
                                     "stored one."),
        this);
    statusText->setWordWrap(true);
    m_conditionPages->addWidget(statusText);
    m_note->setPlaceholderText(tr("Shown with every firing (optional)"));

    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->hide();

    auto *targetLabel = new QLabel(tr("&Ticker:"), this);
    targetLabel->setBuddy(m_target);
    auto *form = new QFormLayout;
    form->addRow(tr("&Watch:"), m_scope);
    form->addRow(targetLabel, m_target);
    form->addRow(tr("Con&dition:"), m_condition);
    form->addRow(QString(), m_conditionPages);
    form->addRow(tr("&Note:"), m_note);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Add Rule"));
    connect(buttons, &QDialogButtonBox::accepted, this, &AlertRuleDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &AlertRuleDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addStretch(1);
    layout->addWidget(buttons);

    connect(m_scope, &QComboBox::currentIndexChanged, this, [this, targetLabel] {
        const auto scope = AlertRule::Scope(m_scope->currentData().toInt());
        targetLabel->setText(scope == AlertRule::Scope::Ticker ? tr("&Ticker:")
                : scope == AlertRule::Scope::Event             ? tr("&Event:")
                                                               : tr("&Series:"));
        scopeChosen();
    });
    connect(m_condition, &QComboBox::currentIndexChanged, m_conditionPages, &QStackedWidget::setCurrentIndex);
    resize(560, sizeHint().height());
}

AlertRuleDialog::~AlertRuleDialog() = default;

void AlertRuleDialog::setScope(AlertRule::Scope scope)
{
    m_scope->setCurrentIndex(m_scope->findData(int(scope)));
}

void AlertRuleDialog::setCondition(Condition condition)
{
    m_condition->setCurrentIndex(m_condition->findData(int(condition)));
}

void AlertRuleDialog::scopeChosen()
{
    const auto scope = AlertRule::Scope(m_scope->currentData().toInt());
    m_target->setText(scope == AlertRule::Scope::Ticker ? m_market.ticker
            : scope == AlertRule::Scope::Event          ? m_market.event
                                                        : m_market.series);
    m_error->hide();
}

AlertRuleInput AlertRuleDialog::input() const
{
    AlertRuleInput input;
    const QString target = m_target->text().trimmed();
    switch (AlertRule::Scope(m_scope->currentData().toInt())) {
    case AlertRule::Scope::Ticker:
        input.ticker = target;
        break;
    case AlertRule::Scope::Event:
        input.event = target;
        break;
    case AlertRule::Scope::Series:
        input.series = target;
        break;
    }
    switch (Condition(m_condition->currentData().toInt())) {
    case Condition::Level:
        input.when = QStringList{m_field->currentData().toString(), m_direction->currentData().toString(),
            m_level->text().trimmed()};
        break;
    case Condition::Move:
        input.move = m_move->text().trimmed();
        input.within = m_within->text().trimmed();
        break;
    case Condition::VolumeJump:
        input.volumeJump = m_volume->text().trimmed();
        break;
    case Condition::StatusChange:
        input.statusChange = true;
        break;
    }
    input.note = m_note->text().trimmed();
    return input;
}

QString AlertRuleDialog::refusal(const AlertRuleInputError &error) const
{
    using Part = AlertRuleInputError::Part;
    const QString word = error.words.value(0);
    switch (error.part) {
    case Part::Target:
        return tr("Enter the ticker to watch, without spaces.");
    case Part::Field:
        return tr("Field: '%1' is not a price field.").arg(word);
    case Part::Direction:
        return tr("Direction: '%1' is neither above nor below.").arg(word);
    case Part::Level:
        return word.isEmpty()
            ? tr("Level: enter a price from 0 to 1 dollar, like 0.65 or 65c.")
            : tr("Level: '%1' is not a price from 0 to 1 dollar, like 0.65 or 65c.").arg(word);
    case Part::Move:
        return word.isEmpty() ? tr("Move: enter a move in cents from 1 to 100.")
                              : tr("Move: '%1' is not a move in cents from 1 to 100.").arg(word);
    case Part::MissingWithin:
    case Part::Within:
        return word.isEmpty() ? tr("Within: enter a time like 10m or 2h.")
                              : tr("Within: '%1' is not a time like 10m or 2h.").arg(word);
    case Part::VolumeJump:
        return word.isEmpty() ? tr("Volume jump: enter a positive number of contracts.")
                              : tr("Volume jump: '%1' is not a positive number of contracts.").arg(word);
    case Part::NoScope:
    case Part::ManyScopes:
    case Part::NoCondition:
    case Part::ManyConditions:
    case Part::WithinWithoutMove:
    case Part::WhenWords:
        break;
    }
    // The fields always give one scope and one condition; this is the parser's own wording.
    return error.cliMessage();
}

QWidget *AlertRuleDialog::fieldOf(AlertRuleInputError::Part part) const
{
    using Part = AlertRuleInputError::Part;
    switch (part) {
    case Part::Target:
        return m_target;
    case Part::Level:
        return m_level;
    case Part::Move:
        return m_move;
    case Part::MissingWithin:
    case Part::Within:
        return m_within;
    case Part::VolumeJump:
        return m_volume;
    default:
        return nullptr;
    }
}

void AlertRuleDialog::accept()
{
    AlertRuleInputError error;
    const std::optional<AlertRule> rule = AlertRuleParser::parse(input(), &error);
    if (!rule) {
        m_error->setText(refusal(error));
        m_error->show();
        if (QWidget *field = fieldOf(error.part)) {
            field->setFocus();
            if (auto *edit = qobject_cast<QLineEdit *>(field))
                edit->selectAll();
        }
        return;
    }
    m_error->hide();
    m_rule = *rule;
    QDialog::accept();
}
