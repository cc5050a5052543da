#include "settingsdialog.h"

#include "collect/duration.h"
#include "dashboard/syncformat.h"
#include "paths.h"
#include "storage/schema.h"
#include "storagepage.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QTabWidget>
#include <QVBoxLayout>

namespace {

QLabel *mutedLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, palette.color(QPalette::PlaceholderText));
    label->setPalette(palette);
    return label;
}

// A field's input row with its error message underneath, as one form field.
QWidget *fieldWithError(QLayout *input, QLabel *error, QWidget *parent, QLabel *hint = nullptr)
{
    auto *field = new QWidget(parent);
    auto *layout = new QVBoxLayout(field);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(input);
    if (hint)
        layout->addWidget(hint);
    layout->addWidget(error);
    return field;
}

QString intervalLabel(const QString &job)
{
    switch (SyncState::fromText<CollectJob>(job).value_or(CollectJob::FullSync)) {
    case CollectJob::Snapshot:
        return SettingsDialog::tr("&Snapshot every:");
    case CollectJob::Markets:
        return SettingsDialog::tr("&Markets every:");
    case CollectJob::Settlements:
        return SettingsDialog::tr("S&ettlements every:");
    case CollectJob::Watchlist:
        return SettingsDialog::tr("Watc&hlist every:");
    case CollectJob::FullSync:
        break;
    }
    return SettingsDialog::tr("%1 every:").arg(job);
}

} // namespace

SettingsDialog::SettingsDialog(QWidget *parent)
    : QDialog(parent)
    , m_settings(AppSettings::defaults())
{
    setWindowTitle(tr("Settings"));
    auto *dialogLayout = new QVBoxLayout(this);
    m_tabs = new QTabWidget(this);
    dialogLayout->addWidget(m_tabs, 1);
    auto *general = new QWidget(m_tabs);
    auto *layout = new QVBoxLayout(general);
    layout->setSpacing(12);

    // Kalshi API
    auto *apiBox = new QGroupBox(tr("Kalshi API"), this);
    auto *apiForm = new QFormLayout(apiBox);
    apiForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    apiForm->setVerticalSpacing(10);

    m_apiInUse = new QLabel(apiBox);
    m_apiInUse->setObjectName(QStringLiteral("apiInUse"));
    m_apiInUse->setWordWrap(true);
    m_apiInUse->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_apiInUse->hide();
    apiForm->addRow(m_apiInUse);

    auto *environmentGrid = new QGridLayout;
    environmentGrid->setContentsMargins(0, 0, 0, 0);
    environmentGrid->setHorizontalSpacing(12);
    environmentGrid->setVerticalSpacing(6);
    m_production = new QRadioButton(tr("&Production"), apiBox);
    m_production->setObjectName(QStringLiteral("production"));
    m_demo = new QRadioButton(tr("&Demo"), apiBox);
    m_demo->setObjectName(QStringLiteral("demo"));
    m_custom = new QRadioButton(tr("C&ustom"), apiBox);
    m_custom->setObjectName(QStringLiteral("custom"));
    auto *environments = new QButtonGroup(this);
    environments->addButton(m_production);
    environments->addButton(m_demo);
    environments->addButton(m_custom);
    m_customApiBase = new QLineEdit(apiBox);
    m_customApiBase->setObjectName(QStringLiteral("customApiBase"));
    m_customApiBase->setPlaceholderText(QStringLiteral("http://127.0.0.1:8080/trade-api/v2"));
    m_customApiBaseError = createErrorLabel(QStringLiteral("customApiBase"));
    environmentGrid->addWidget(m_production, 0, 0);
    environmentGrid->addWidget(mutedLabel(QString::fromLatin1(Paths::productionApiBase), apiBox), 0, 1);
    environmentGrid->addWidget(m_demo, 1, 0);
    environmentGrid->addWidget(mutedLabel(QString::fromLatin1(Paths::demoApiBase), apiBox), 1, 1);
    environmentGrid->addWidget(m_custom, 2, 0);
    environmentGrid->addWidget(m_customApiBase, 2, 1);
    environmentGrid->addWidget(m_customApiBaseError, 3, 1);
    environmentGrid->setColumnStretch(1, 1);
    auto *environmentField = new QWidget(apiBox);
    environmentField->setLayout(environmentGrid);
    apiForm->addRow(tr("Environment:"), environmentField);

    m_rateLimit = new QDoubleSpinBox(apiBox);
    m_rateLimit->setObjectName(QStringLiteral("rateLimit"));
    // Wider than the accepted range so that a wrong value is shown as typed and explained.
    m_rateLimit->setRange(0, 1000);
    m_rateLimit->setDecimals(1);
    m_rateLimit->setSingleStep(0.5);
    m_rateLimit->setSuffix(tr(" requests/s"));
    m_rateLimitError = createErrorLabel(QStringLiteral("rateLimit"));
    auto *rateRow = new QHBoxLayout;
    rateRow->setSpacing(12);
    rateRow->addWidget(m_rateLimit);
    rateRow->addWidget(
        mutedLabel(tr("From %1 to %2. Kalshi\u2019s basic tier allows about 20 requests per second.")
                       .arg(QLocale().toString(AppSettings::minimumRateLimit),
                           QLocale().toString(AppSettings::maximumRateLimit)),
            apiBox),
        1);
    auto *rateLabel = new QLabel(tr("&Rate limit:"), apiBox);
    rateLabel->setBuddy(m_rateLimit);
    apiForm->addRow(rateLabel, fieldWithError(rateRow, m_rateLimitError, apiBox));
    layout->addWidget(apiBox);

    // Database
    auto *databaseBox = new QGroupBox(tr("Database"), this);
    auto *databaseForm = new QFormLayout(databaseBox);
    databaseForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_databasePath = new QLineEdit(databaseBox);
    m_databasePath->setObjectName(QStringLiteral("databasePath"));
    m_databasePath->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 48);
    m_databasePathError = createErrorLabel(QStringLiteral("databasePath"));
    auto *browse = new QPushButton(tr("&Browse\u2026"), databaseBox);
    auto *databaseRow = new QHBoxLayout;
    databaseRow->setSpacing(6);
    databaseRow->addWidget(m_databasePath, 1);
    databaseRow->addWidget(browse);
    auto *databaseHint = mutedLabel(tr("An SQLite file, created if it does not exist (the command-line "
                                       "collector uses the same file by default), or a PostgreSQL server as "
                                       "postgresql://user@host:port/database; its password comes from "
                                       "PGPASSWORD or ~/.pgpass and is never saved."),
        databaseBox);
    databaseHint->setWordWrap(true);
    auto *locationLabel = new QLabel(tr("Da&tabase:"), databaseBox);
    locationLabel->setBuddy(m_databasePath);
    databaseForm->addRow(
        locationLabel, fieldWithError(databaseRow, m_databasePathError, databaseBox, databaseHint));
    layout->addWidget(databaseBox);

    // Collection
    auto *collectionBox = new QGroupBox(tr("Collection"), this);
    auto *collectionForm = new QFormLayout(collectionBox);
    collectionForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    collectionForm->setVerticalSpacing(8);
    const int intervalWidth = fontMetrics().horizontalAdvance(QStringLiteral("1500ms")) + 28;
    for (const QString &job : CollectionSettings::scheduledJobs()) {
        auto *edit = new QLineEdit(collectionBox);
        edit->setObjectName(QLatin1String("interval:") + job);
        edit->setFixedWidth(intervalWidth);
        QLabel *error = createErrorLabel(QLatin1String("interval:") + job);
        // Short messages: beside the field, so that the rows keep their height.
        error->setWordWrap(false);
        auto *row = new QHBoxLayout;
        row->setSpacing(12);
        row->addWidget(edit);
        row->addWidget(error);
        row->addStretch(1);
        auto *field = new QWidget(collectionBox);
        row->setContentsMargins(0, 0, 0, 0);
        field->setLayout(row);
        auto *label = new QLabel(intervalLabel(job), collectionBox);
        label->setBuddy(edit);
        collectionForm->addRow(label, field);
        m_intervals.insert(job, edit);
        m_intervalErrors.insert(job, error);
        connect(edit, &QLineEdit::textEdited, error, [this, error] { showError(error, QString()); });
    }
    auto *intervalHint = mutedLabel(tr("A whole number followed by s, m or h (20s, 15m, 6h); a bare number "
                                       "means minutes."),
        collectionBox);
    collectionForm->addRow(QString(), intervalHint);
    m_mveFilter = new QComboBox(collectionBox);
    m_mveFilter->setObjectName(QStringLiteral("mveFilter"));
    m_mveFilter->addItem(tr("Excluded"), QStringLiteral("exclude"));
    m_mveFilter->addItem(tr("Only multivariate"), QStringLiteral("only"));
    m_mveFilter->addItem(tr("Included"), QStringLiteral("include"));
    m_mveFilter->setToolTip(
        tr("Which multivariate (combination) markets the markets sync and the snapshots list"));
    auto *mveLabel = new QLabel(tr("Multi&variate markets:"), collectionBox);
    mveLabel->setBuddy(m_mveFilter);
    collectionForm->addRow(mveLabel, m_mveFilter);
    m_initialSync = new QCheckBox(tr("Run a full sync &when collection starts"), collectionBox);
    m_initialSync->setObjectName(QStringLiteral("initialSync"));
    m_initialSync->setToolTip(
        tr("Events, markets, settlements and a snapshot, before the scheduled jobs begin"));
    collectionForm->addRow(QString(), m_initialSync);
    layout->addWidget(collectionBox);

    layout->addStretch(1);
    m_tabs->addTab(general, tr("&General"));
    m_storagePage = new StoragePage(m_tabs);
    m_tabs->addTab(m_storagePage, tr("St&orage"));
    m_saveError = createErrorLabel(QStringLiteral("save"));
    dialogLayout->addWidget(m_saveError);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    dialogLayout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(browse, &QPushButton::clicked, this, &SettingsDialog::browseDatabase);
    for (QRadioButton *button : {m_production, m_demo, m_custom})
        connect(button, &QRadioButton::toggled, this, &SettingsDialog::updateEnvironmentFields);
    connect(m_customApiBase, &QLineEdit::textEdited, this,
        [this] { showError(m_customApiBaseError, QString()); });
    connect(
        m_databasePath, &QLineEdit::textChanged, this, [this] { showError(m_databasePathError, QString()); });
    connect(
        m_rateLimit, &QDoubleSpinBox::valueChanged, this, [this] { showError(m_rateLimitError, QString()); });

    setSettings(m_settings);
}

SettingsDialog::~SettingsDialog() = default;

QLabel *SettingsDialog::createErrorLabel(const QString &objectName)
{
    auto *label = new QLabel(this);
    label->setObjectName(QLatin1String("error:") + objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, SyncFormat::statusColor(SyncStatus::Failed));
    label->setPalette(palette);
    label->hide();
    return label;
}

void SettingsDialog::showError(QLabel *label, const QString &message)
{
    label->setText(message);
    label->setVisible(!message.isEmpty());
}

QStringList SettingsDialog::errors() const
{
    QStringList messages;
    QList<QLabel *> labels = {m_customApiBaseError, m_rateLimitError, m_databasePathError};
    labels += m_intervalErrors.values();
    labels.append(m_saveError);
    for (const QLabel *label : std::as_const(labels)) {
        if (!label->isHidden() && !label->text().isEmpty())
            messages.append(label->text());
    }
    return messages;
}

void SettingsDialog::setApiInUse(const QString &apiBase, bool demo)
{
    m_apiInUse->setHidden(apiBase.isEmpty());
    if (apiBase.isEmpty()) {
        m_apiInUse->clear();
        return;
    }
    m_apiInUse->setText(demo
            ? tr("<b>In use now: the bundled simulator</b> at %1 (demo mode). The choice below "
                 "applies when Kalshi Monitor starts without --demo.")
                  .arg(apiBase.toHtmlEscaped())
            : tr("<b>In use now: %1</b> (--api-base). The choice below applies when Kalshi "
                 "Monitor starts without --api-base.")
                  .arg(apiBase.toHtmlEscaped()));
}

void SettingsDialog::setStorageController(StorageController *controller)
{
    m_storagePage->setController(controller);
}

void SettingsDialog::showStoragePage()
{
    m_tabs->setCurrentWidget(m_storagePage);
}

QString SettingsDialog::apiInUseText() const
{
    return m_apiInUse->isHidden() ? QString() : m_apiInUse->text();
}

void SettingsDialog::setSettings(const AppSettings &settings)
{
    m_settings = settings;
    switch (settings.environment) {
    case AppSettings::ApiEnvironment::Production:
        m_production->setChecked(true);
        break;
    case AppSettings::ApiEnvironment::Demo:
        m_demo->setChecked(true);
        break;
    case AppSettings::ApiEnvironment::Custom:
        m_custom->setChecked(true);
        break;
    }
    m_customApiBase->setText(settings.customApiBase);
    // A server URL without its password (the session keeps using it while the text stays as shown).
    m_databasePath->setText(Schema::displayName(settings.databasePath));
    m_rateLimit->setValue(settings.rateLimit);
    for (auto it = m_intervals.cbegin(); it != m_intervals.cend(); ++it) {
        const qint64 ms = settings.collection.jobs
                              .value(it.key(), {CollectionSettings::defaultIntervalMs(it.key()), true})
                              .intervalMs;
        it.value()->setText(Duration::format(ms));
    }
    m_initialSync->setChecked(settings.collection.initialSync);
    m_mveFilter->setCurrentIndex(qMax(0, m_mveFilter->findData(settings.collection.mveFilter)));
    m_storagePage->setStorageSettings(settings.storage);
    for (QLabel *label : {m_customApiBaseError, m_rateLimitError, m_databasePathError, m_saveError})
        showError(label, QString());
    for (QLabel *label : std::as_const(m_intervalErrors))
        showError(label, QString());
    updateEnvironmentFields();
}

void SettingsDialog::accept()
{
    AppSettings edited = m_settings;
    QWidget *firstInvalid = nullptr;
    const auto check = [&firstInvalid, this](QLabel *label, QWidget *field, const QString &problem) {
        showError(label, problem);
        if (!problem.isEmpty() && !firstInvalid)
            firstInvalid = field;
    };

    if (m_production->isChecked())
        edited.environment = AppSettings::ApiEnvironment::Production;
    else if (m_demo->isChecked())
        edited.environment = AppSettings::ApiEnvironment::Demo;
    else
        edited.environment = AppSettings::ApiEnvironment::Custom;
    edited.customApiBase = m_customApiBase->text().trimmed();
    check(m_customApiBaseError, m_customApiBase,
        edited.environment == AppSettings::ApiEnvironment::Custom
            ? AppSettings::checkCustomApiBase(edited.customApiBase)
            : QString());

    edited.rateLimit = m_rateLimit->value();
    check(m_rateLimitError, m_rateLimit, AppSettings::checkRateLimit(edited.rateLimit));

    edited.databasePath = QDir::fromNativeSeparators(m_databasePath->text().trimmed());
    if (m_databasePath->text().trimmed() == Schema::displayName(m_settings.databasePath))
        edited.databasePath = m_settings.databasePath;
    check(m_databasePathError, m_databasePath, AppSettings::checkDatabasePath(edited.databasePath));

    for (const QString &job : CollectionSettings::scheduledJobs()) {
        QLineEdit *edit = m_intervals.value(job);
        const QString problem = AppSettings::checkInterval(edit->text());
        check(m_intervalErrors.value(job), edit, problem);
        if (problem.isEmpty())
            edited.collection.jobs[job].intervalMs = *Duration::parseMs(edit->text());
    }
    edited.collection.initialSync = m_initialSync->isChecked();
    edited.collection.mveFilter = m_mveFilter->currentData().toString();
    edited.storage = m_storagePage->storageSettings();

    showError(m_saveError, QString());
    if (firstInvalid) {
        m_tabs->setCurrentIndex(0);
        firstInvalid->setFocus(Qt::OtherFocusReason);
        return;
    }
    if (m_store && !edited.save(*m_store)) {
        showError(m_saveError,
            tr("The settings could not be saved to %1.").arg(QDir::toNativeSeparators(m_store->fileName())));
        return;
    }
    m_settings = edited;
    QDialog::accept();
}

void SettingsDialog::updateEnvironmentFields()
{
    const bool custom = m_custom->isChecked();
    m_customApiBase->setEnabled(custom);
    if (!custom)
        showError(m_customApiBaseError, QString());
}

void SettingsDialog::browseDatabase()
{
    QString start = QDir::fromNativeSeparators(m_databasePath->text().trimmed());
    if (start.isEmpty())
        start = Paths::defaultDatabasePath();
    const QString path = QFileDialog::getSaveFileName(this, tr("Choose Database File"), start,
        tr("SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)"), nullptr,
        QFileDialog::DontConfirmOverwrite);
    if (!path.isEmpty())
        m_databasePath->setText(QDir::toNativeSeparators(path));
}
